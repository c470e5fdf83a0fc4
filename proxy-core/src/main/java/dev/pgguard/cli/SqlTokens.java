package dev.pgguard.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of PostgreSQL's lexical rules to colour SQL for a human: words, quoted names, strings (with
 * E'', U&'', B'' and X'' prefixes and dollar quoting), comments (nested block comments too), numbers, {@code $n}
 * parameters. It never decides anything: the classifier's own lexer does that. Unterminated strings and
 * comments run to the end, as PostgreSQL would read them.
 */
final class SqlTokens {

    enum Kind { WORD, QUOTED_NAME, STRING, COMMENT, NUMBER, PARAMETER, SPACE, OTHER }

    record Token(Kind kind, int start, int end) {
        String text(String sql) {
            return sql.substring(start, end);
        }
    }

    private final String sql;
    private int i;

    private SqlTokens(String sql) {
        this.sql = sql;
    }

    /** The tokens of {@code sql}, covering it without gaps. */
    static List<Token> of(String sql) {
        return new SqlTokens(sql).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (i < sql.length()) {
            int start = i;
            Kind kind = next();
            tokens.add(new Token(kind, start, i));
        }
        return tokens;
    }

    private Kind next() {
        char c = sql.charAt(i);
        if (Character.isWhitespace(c)) {
            while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
                i++;
            }
            return Kind.SPACE;
        }
        if (sql.startsWith("--", i)) {
            int eol = sql.indexOf('\n', i);
            i = eol < 0 ? sql.length() : eol;
            return Kind.COMMENT;
        }
        if (sql.startsWith("/*", i)) {
            blockComment();
            return Kind.COMMENT;
        }
        if (c == '\'') {
            quoted('\'', false);
            return Kind.STRING;
        }
        if (c == '"') {
            quoted('"', false);
            return Kind.QUOTED_NAME;
        }
        if (c == '$') {
            return dollar();
        }
        if (isDigit(c) || (c == '.' && i + 1 < sql.length() && isDigit(sql.charAt(i + 1)))) {
            number();
            return Kind.NUMBER;
        }
        if (Character.isLetter(c) || c == '_') {
            return word();
        }
        i += Character.charCount(sql.codePointAt(i));
        return Kind.OTHER;
    }

    private Kind word() {
        int start = i;
        while (i < sql.length() && isWordPart(sql.charAt(i))) {
            i++;
        }
        // A one-letter prefix glued to a quote is part of the string: E'a\'b', B'101', X'ff', N'x'; also U&'x'.
        if (i < sql.length() && i - start == 1 && sql.charAt(i) == '\'' && "eEbBxXnN".indexOf(sql.charAt(start)) >= 0) {
            quoted('\'', sql.charAt(start) == 'e' || sql.charAt(start) == 'E');
            return Kind.STRING;
        }
        if (i - start == 1 && (sql.charAt(start) == 'u' || sql.charAt(start) == 'U') && sql.startsWith("&'", i)) {
            i++;
            quoted('\'', false);
            return Kind.STRING;
        }
        return Kind.WORD;
    }

    /** From the opening quote at {@code i} past the closing one; a doubled quote is one quote character. */
    private void quoted(char quote, boolean backslashEscapes) {
        i++;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i = Math.min(sql.length(), i + 2);
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                i++;
                return;
            } else {
                i++;
            }
        }
    }

    private void blockComment() {
        int depth = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
    }

    /** {@code $1} is a parameter; {@code $$...$$} and {@code $tag$...$tag$} a string; anything else one character. */
    private Kind dollar() {
        int j = i + 1;
        if (j < sql.length() && isDigit(sql.charAt(j))) {
            while (j < sql.length() && isDigit(sql.charAt(j))) {
                j++;
            }
            i = j;
            return Kind.PARAMETER;
        }
        if (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
        }
        if (j < sql.length() && sql.charAt(j) == '$') {
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            i = close < 0 ? sql.length() : close + tag.length();
            return Kind.STRING;
        }
        i++;
        return Kind.OTHER;
    }

    private void number() {
        while (i < sql.length() && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < sql.length() && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < sql.length() && isDigit(sql.charAt(j))) {
                i = j;
                while (i < sql.length() && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
