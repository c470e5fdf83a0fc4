package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tokenizes SQL the way PostgreSQL's scanner ({@code scan.l}, documented in "SQL Syntax: Lexical
 * Structure") does, so that what pgguard reads as a key word is what the server reads as one: a
 * {@code DROP} inside a string, a dollar quote, a (nested) comment or a quoted identifier is not a key
 * word, and {@code DR/**}{@code /OP} is two words.
 *
 * <p>Cost: one forward pass over the characters; every character is examined a bounded number of times
 * (dollar-quote tags are capped at {@link Literals#MAX_DOLLAR_TAG}), so time is linear in the input and
 * no allocation happens per character, only per token — and not even that for words seen recently,
 * punctuation and common operators, whose text is shared ({@link CommonTexts}). No regular expressions.
 *
 * <p>Where PostgreSQL versions differ, the lexer takes the reading that shows more words, never fewer:
 * {@code 123abc} and {@code $1abc} are errors since PostgreSQL 15 and two tokens before, here two tokens.
 */
public final class Lexer {

    private final String src;
    private final int len;
    private final boolean standardConformingStrings;
    private final List<Token> tokens;
    private final StringBuilder buf = new StringBuilder();
    private int literalEnd;

    private Lexer(String src, boolean standardConformingStrings) {
        this.src = src;
        this.len = src.length();
        this.standardConformingStrings = standardConformingStrings;
        // SQL averages a token per four or five characters: sized so that the list rarely grows
        this.tokens = new ArrayList<>(Math.min(len / 4 + 8, 1 << 16));
    }

    /** Tokenizes with {@code standard_conforming_strings = on}, the default since PostgreSQL 9.1. */
    public static List<Token> tokenize(String sql) throws LexException {
        return tokenize(sql, true);
    }

    /**
     * @param standardConformingStrings the session's setting: when off, a backslash escapes a quote in
     *     a plain {@code '...'} string too, which changes where strings end, and {@code U&'...'} is an
     *     error. The relay learns the value from the server's ParameterStatus messages.
     */
    public static List<Token> tokenize(String sql, boolean standardConformingStrings) throws LexException {
        return new Lexer(sql, standardConformingStrings).run();
    }

    private List<Token> run() throws LexException {
        // The protocol carries SQL as a NUL-terminated string; a NUL inside cannot reach the server intact.
        int nul = src.indexOf('\0');
        if (nul >= 0) {
            throw new LexException("NUL character in SQL", nul);
        }
        int pos = Trivia.skip(src, 0);
        while (pos < len) {
            pos = Trivia.skip(src, next(pos));
        }
        return Collections.unmodifiableList(tokens);
    }

    private int next(int pos) throws LexException {
        char c = src.charAt(pos);
        char n = pos + 1 < len ? src.charAt(pos + 1) : '\0';
        if (c == '\'') {
            return string(pos, pos, standardConformingStrings);
        }
        if (c == '"') {
            buf.setLength(0);
            int end = Literals.quotedIdentifier(src, pos, pos, buf);
            return emit(TokenKind.QUOTED_IDENTIFIER, pos, end, buf.toString());
        }
        if (c == '$') {
            return dollar(pos, n);
        }
        if (Chars.isIdentStart(c)) {
            return word(pos, c, n);
        }
        if (Chars.isDigit(c) || (c == '.' && Chars.isDigit(n))) {
            return number(pos);
        }
        switch (c) {
            case ',': case '(': case ')': case '[': case ']': case ';':
                return emit(TokenKind.PUNCTUATION, pos, pos + 1);
            case ':':
                if (n == ':') {
                    return emit(TokenKind.PUNCTUATION, pos, pos + 2);
                }
                return n == '=' ? emit(TokenKind.OPERATOR, pos, pos + 2) : emit(TokenKind.PUNCTUATION, pos, pos + 1);
            case '.':
                return emit(TokenKind.PUNCTUATION, pos, n == '.' ? pos + 2 : pos + 1);
            default:
                break;
        }
        if (Chars.isOpChar(c)) {
            return operator(pos);
        }
        return emit(TokenKind.OTHER, pos, pos + 1);
    }

    /** A word, unless it is the prefix of a string: E'..', B'..', X'..', N'..', U&'..', U&"..". */
    private int word(int pos, char c, char n) throws LexException {
        if (n == '\'') {
            switch (c) {
                case 'e': case 'E':
                    return string(pos, pos + 1, false);
                case 'n': case 'N':
                    return string(pos, pos + 1, standardConformingStrings);
                case 'b': case 'B': case 'x': case 'X':
                    buf.setLength(0);
                    return emit(TokenKind.STRING, pos, Literals.bits(src, pos, pos + 1, buf), buf.toString());
                default:
                    break;
            }
        }
        if ((c == 'u' || c == 'U') && n == '&' && pos + 2 < len) {
            char q = src.charAt(pos + 2);
            if (q == '\'' || q == '"') {
                return unicode(pos, q);
            }
        }
        // the folded word's String.hashCode, computed in the same pass: CommonTexts looks the word up by it
        int hash = Chars.foldAscii(c);
        int p = pos + 1;
        for (char d; p < len && Chars.isIdentCont(d = src.charAt(p)); p++) {
            hash = 31 * hash + Chars.foldAscii(d);
        }
        return emit(TokenKind.KEYWORD_OR_IDENTIFIER, pos, p, CommonTexts.word(src, pos, p, hash));
    }

    private int string(int start, int quote, boolean standard) throws LexException {
        buf.setLength(0);
        int end = standard ? Literals.standard(src, start, quote, buf) : Literals.escape(src, start, quote, buf);
        return emit(TokenKind.STRING, start, end, buf.toString());
    }

    private int unicode(int pos, char quote) throws LexException {
        buf.setLength(0);
        int end;
        if (quote == '"') {
            end = Literals.quotedIdentifier(src, pos, pos + 2, buf);
        } else if (standardConformingStrings) {
            end = Literals.standard(src, pos, pos + 2, buf);
        } else {
            // PostgreSQL refuses these when backslashes escape quotes: clients would misread them.
            throw new LexException("U& string with standard_conforming_strings off", pos);
        }
        String raw = buf.toString();
        char esc = uescape(end);
        String text = Escapes.unicode(raw, esc, pos);
        return emit(quote == '"' ? TokenKind.QUOTED_IDENTIFIER : TokenKind.STRING, pos, literalEnd, text);
    }

    /**
     * Looks for {@code UESCAPE 'c'} after a U& literal (comments and whitespace may sit between, since
     * PostgreSQL applies it as a separate token), sets {@link #literalEnd} and returns the escape
     * character. Only the plain {@code 'c'} form is accepted: anything else fails closed.
     */
    private char uescape(int end) throws LexException {
        literalEnd = end;
        int p = Trivia.skip(src, end);
        if (!Chars.wordAt(src, p, "uescape")) {
            return '\\';
        }
        int q = Trivia.skip(src, p + 7);
        if (q + 2 < len && src.charAt(q) == '\'' && src.charAt(q + 2) == '\''
                && (q + 3 == len || src.charAt(q + 3) != '\'') && Trivia.continuation(src, q + 3) < 0) {
            char esc = src.charAt(q + 1);
            if (!Escapes.isValidUescape(esc)) {
                throw new LexException("invalid Unicode escape character", q);
            }
            literalEnd = q + 3;
            return esc;
        }
        throw new LexException("UESCAPE must be followed by a one-character string literal", p);
    }

    /** {@code $1} is a parameter; {@code $$} and {@code $tag$} open a dollar quote; a lone {@code $} is OTHER. */
    private int dollar(int pos, char n) throws LexException {
        if (Chars.isDigit(n)) {
            int p = pos + 1;
            while (p < len && Chars.isDigit(src.charAt(p))) {
                p++;
            }
            return emit(TokenKind.PARAMETER, pos, p);
        }
        int delimiter = Literals.dollarDelimiterLength(src, pos);
        if (delimiter < 0) {
            return emit(TokenKind.OTHER, pos, pos + 1);
        }
        buf.setLength(0);
        int end = Literals.dollar(src, pos, delimiter, buf);
        return emit(TokenKind.STRING, pos, end, buf.toString());
    }

    private int number(int pos) {
        return emit(TokenKind.NUMBER, pos, Numbers.end(src, pos));
    }

    /**
     * Longest run of operator characters PostgreSQL accepts in one place. It refuses operators of 64
     * characters or more; a longer run is only legal as many short operators ({@code +-+-+-...}), which
     * rescanning would make quadratic, so such a run fails closed instead.
     */
    static final int MAX_OPERATOR_RUN = 256;

    private int operator(int pos) throws LexException {
        return emit(TokenKind.OPERATOR, pos, operatorEnd(src, pos));
    }

    /**
     * Where the operator at {@code pos} ends (shared with {@link FingerprintScanner}): the longest run of
     * operator characters, cut before an embedded {@code --} or slash-star (those start a comment), then
     * trimmed: a multi-character operator may end in {@code +} or {@code -} only if it holds one of
     * {@code ~ ! @ # % ^ & | ` ?}, so {@code =-1} is {@code =} then {@code -} then 1.
     */
    static int operatorEnd(String src, int pos) throws LexException {
        int len = src.length();
        int p = pos + 1;
        boolean nonSql = Chars.isNonSqlOpChar(src.charAt(pos));
        while (p < len && Chars.isOpChar(src.charAt(p))) {
            char c = src.charAt(p);
            if (p + 1 < len && ((c == '-' && src.charAt(p + 1) == '-') || (c == '/' && src.charAt(p + 1) == '*'))) {
                break;
            }
            if (p - pos >= MAX_OPERATOR_RUN) {
                throw new LexException("run of operator characters too long", pos);
            }
            nonSql |= Chars.isNonSqlOpChar(c);
            p++;
        }
        int end = p;
        if (!nonSql) { // trailing + and - are never non-SQL characters, so one check covers every trim step
            while (end - pos > 1 && (src.charAt(end - 1) == '+' || src.charAt(end - 1) == '-')) {
                end--;
            }
        }
        if (end - pos >= 64) {
            throw new LexException("operator too long", pos);
        }
        return end;
    }

    private int emit(TokenKind kind, int start, int end) {
        boolean symbol = kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR;
        return emit(kind, start, end, symbol ? CommonTexts.symbol(src, start, end) : src.substring(start, end));
    }

    private int emit(TokenKind kind, int start, int end, String text) {
        tokens.add(new Token(kind, start, end, text));
        return end;
    }
}
