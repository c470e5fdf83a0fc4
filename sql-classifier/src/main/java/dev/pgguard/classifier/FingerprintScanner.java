package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the statements of a message and their {@link Fingerprint}s in one pass over its characters, without
 * the token objects, token texts and statement lists that {@link Lexer} and {@link StatementSplitter} make.
 * It exists for speed alone: when every statement's fingerprint is cached (a query with fresh literals, after
 * its first time) the classifier answers from the fingerprint cache, and there making tokens was most of the
 * cost (about 2 µs of 3 for the 570-character index query psql's {@code \d} sends).
 *
 * <p>It must never disagree with that path: when it answers, each statement's boundaries ({@link
 * Statement#start}, {@link Statement#end}), nesting depth and fingerprint are the ones StatementSplitter and
 * {@link Fingerprint#of} give (FingerprintScannerTest checks it on both corpora and on random variants). It
 * reads tokens with the lexer's own pieces ({@link Trivia}, {@link Literals}, {@link Numbers}, {@link
 * Lexer#operatorEnd}) and gives up, returning null so that the caller takes the normal path, on whatever it
 * would otherwise have to read on its own:
 * <ul>
 *   <li>a NUL anywhere, and any lexical error;</li>
 *   <li>a word with a character above U+007F; a string with a prefix ({@code E'}, {@code N'}, {@code B'},
 *       {@code X'}, {@code U&}); a dollar quote or a lone {@code $}; a character the lexer makes an OTHER
 *       token of (a backslash, a brace, a control character); a quoted identifier holding a control character
 *       that {@link Fingerprint} uses as a marker;</li>
 *   <li>a statement whose first word is {@code create} (the splitter's BEGIN ATOMIC rule starts there);</li>
 *   <li>a {@code )} that closes nothing, and a {@code (} still open at a {@code ;} or at the end, where the
 *       splitter's counting would have to be copied.</li>
 * </ul>
 */
final class FingerprintScanner {

    /** One statement: where it starts and ends in the message, its deepest nesting, its fingerprint. */
    record Scanned(int start, int end, int maxDepth, Fingerprint fingerprint) {
    }

    private static final char[] CREATE = "create".toCharArray();

    /** Per ASCII character: its folded form if it continues a word (Chars.isIdentCont), else 0. */
    private static final char[] FOLDED = new char[0x80];
    /** Per ASCII character: whether it is whitespace (Chars.isSpace). */
    private static final boolean[] SPACE = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            FOLDED[c] = Chars.isIdentCont(c) ? Chars.foldAscii(c) : 0;
            SPACE[c] = Chars.isSpace(c);
        }
    }

    private final String src;
    private final int len;
    private final boolean standardConformingStrings;
    /** A quoted identifier's text, or a string's (which the key leaves out). */
    private final StringBuilder literal = new StringBuilder();
    /** The kind of the token {@link #other} read last. */
    private TokenKind kind;

    private FingerprintScanner(String src, boolean standardConformingStrings) {
        this.src = src;
        this.len = src.length();
        this.standardConformingStrings = standardConformingStrings;
    }

    /** The statements of {@code sql} as the normal path would cut and fingerprint them, or null (see above). */
    static List<Scanned> scan(String sql, boolean standardConformingStrings) {
        if (sql.indexOf('\0') >= 0) {
            return null;
        }
        try {
            return new FingerprintScanner(sql, standardConformingStrings).run();
        } catch (LexException e) {
            return null;
        }
    }

    /**
     * The loops of Lexer.tokenize and StatementSplitter.split in one, its state in locals. Words, one-character
     * symbols and spaces, nearly all of real SQL, are read here, the other tokens by {@link #other}: a call per
     * token (which the JIT would not inline here) was a good part of the cost.
     */
    private List<Scanned> run() throws LexException {
        List<Scanned> statements = new ArrayList<>(2);
        char[] key = new char[2 * len]; // the statements' keys one after the other: a token adds at most its length + 1
        int k = 0;
        int keyStart = 0;
        int start = -1;
        int end = 0;
        int parens = 0;
        int deepest = 0;
        boolean wordSeen = false;
        int pos = Trivia.skip(src, 0);
        while (pos < len) {
            char c = src.charAt(pos);
            int next;
            if (c == ';') {
                if (parens != 0) {
                    return null; // the splitter would not split here
                }
                if (start >= 0) {
                    statements.add(new Scanned(start, end, deepest, Fingerprint.ofKey(key, keyStart, k)));
                }
                keyStart = k;
                start = -1;
                deepest = 0;
                wordSeen = false;
                pos = Trivia.skip(src, pos + 1);
                continue;
            }
            char n = pos + 1 < len ? src.charAt(pos + 1) : '\0';
            TokenKind symbol;
            if (c < 0x80 && Chars.isIdentStart(c)) {
                if ((n == '\'' && "eEnNbBxX".indexOf(c) >= 0) || ((c == 'u' || c == 'U') && n == '&')) {
                    return null; // a string with a prefix
                }
                key[k++] = Fingerprint.marker(TokenKind.KEYWORD_OR_IDENTIFIER);
                int from = k;
                next = pos;
                for (char d; next < len && (d = src.charAt(next)) < 0x80 && FOLDED[d] != 0; next++) {
                    key[k++] = FOLDED[d];
                }
                if (next < len && src.charAt(next) >= 0x80) {
                    return null; // a non-ASCII letter continues the word
                }
                if (!wordSeen) {
                    wordSeen = true;
                    if (Arrays.equals(key, from, k, CREATE, 0, CREATE.length)) {
                        return null;
                    }
                }
            } else if ((symbol = oneCharSymbol(c, n)) != null) {
                key[k++] = Fingerprint.marker(symbol);
                key[k++] = c;
                next = pos + 1;
                if (c == '(') {
                    deepest = Math.max(deepest, ++parens);
                } else if (c == ')' && parens-- == 0) {
                    return null; // the splitter would count it as closing nothing
                }
            } else {
                next = other(pos, c, n);
                if (next < 0) {
                    return null;
                }
                key[k++] = Fingerprint.marker(kind);
                if (kind == TokenKind.QUOTED_IDENTIFIER) {
                    literal.getChars(0, literal.length(), key, k);
                    k += literal.length();
                } else if (kind != TokenKind.STRING && kind != TokenKind.NUMBER) {
                    for (int i = pos; i < next; i++) { // a symbol or a parameter: short, its text is its source
                        key[k++] = src.charAt(i);
                    }
                }
            }
            start = start < 0 ? pos : start;
            end = next;
            // Trivia.skip, with the usual spaces between tokens taken here (a call per token costs)
            for (pos = next; pos < len; pos++) {
                char d = src.charAt(pos);
                if (d >= 0x80 || !SPACE[d]) {
                    pos = d == '-' || d == '/' ? Trivia.skip(src, pos) : pos;
                    break;
                }
            }
        }
        if (parens != 0) {
            return null;
        }
        if (start >= 0) {
            statements.add(new Scanned(start, end, deepest, Fingerprint.ofKey(key, keyStart, k)));
        }
        return statements;
    }

    /**
     * The kind of the token {@code c} is on its own when {@code n} follows it, for the one-character symbols
     * Lexer.next reads without a helper: punctuation, and an operator character not followed by another;
     * else null.
     */
    private static TokenKind oneCharSymbol(char c, char n) {
        switch (c) {
            case '(': case ')': case ',': case '[': case ']':
                return TokenKind.PUNCTUATION;
            case '.':
                return n == '.' || Chars.isDigit(n) ? null : TokenKind.PUNCTUATION;
            case ':':
                return n == ':' || n == '=' ? null : TokenKind.PUNCTUATION;
            default:
                return Chars.isOpChar(c) && !Chars.isOpChar(n) ? TokenKind.OPERATOR : null;
        }
    }

    /**
     * Any token but a word, a {@code ;} or a {@link #oneCharSymbol}, as Lexer.next reads it: sets {@link #kind}
     * (and {@link #literal} for a quoted identifier) and returns its end, or -1 to give up.
     */
    private int other(int pos, char c, char n) throws LexException {
        if (c == '\'') {
            kind = TokenKind.STRING;
            literal.setLength(0);
            return standardConformingStrings ? Literals.standard(src, pos, pos, literal)
                    : Literals.escape(src, pos, pos, literal);
        }
        if (c == '"') {
            kind = TokenKind.QUOTED_IDENTIFIER;
            literal.setLength(0);
            int after = Literals.quotedIdentifier(src, pos, pos, literal);
            return Fingerprint.hasMarker(literal) ? -1 : after;
        }
        if (c == '$') {
            kind = TokenKind.PARAMETER;
            int p = pos + 1;
            while (p < len && Chars.isDigit(src.charAt(p))) {
                p++;
            }
            return p == pos + 1 ? -1 : p; // else a dollar quote or a lone $
        }
        if (Chars.isDigit(c) || (c == '.' && Chars.isDigit(n))) {
            kind = TokenKind.NUMBER;
            return Numbers.end(src, pos);
        }
        switch (c) {
            case ':': // :: or := (a lone : is a oneCharSymbol)
                kind = n == '=' ? TokenKind.OPERATOR : TokenKind.PUNCTUATION;
                return pos + 2;
            case '.': // .. (a lone . is a oneCharSymbol, .5 a number)
                kind = TokenKind.PUNCTUATION;
                return pos + 2;
            default:
                kind = TokenKind.OPERATOR;
                // anything else (a non-ASCII letter, a backslash, a brace, a control character) is given up on
                return Chars.isOpChar(c) ? Lexer.operatorEnd(src, pos) : -1;
        }
    }
}
