package dev.pgguard.classifier;

/**
 * Scanners for everything that is quoted. Each takes the offset of the token's first character
 * ({@code start}, for error messages) and of the opening quote, appends the decoded value to
 * {@code out}, and returns the offset just after the closing quote. They scan forward only, so the
 * lexer stays linear in the length of the input.
 */
final class Literals {

    /**
     * PostgreSQL accepts dollar-quote tags of any length; matching a very long tag against a long body
     * is quadratic, and no real SQL uses one, so longer tags are refused (the statement fails closed).
     */
    static final int MAX_DOLLAR_TAG = 63;

    private Literals() {
    }

    /** {@code '...'}: a doubled quote is a quote, a backslash is an ordinary character. */
    static int standard(String src, int start, int quote, StringBuilder out) throws LexException {
        return unescaped(src, start, quote, true, "unterminated quoted string", out);
    }

    /** {@code B'...'} and {@code X'...'}: no doubling and no escapes; the first quote ends each part. */
    static int bits(String src, int start, int quote, StringBuilder out) throws LexException {
        return unescaped(src, start, quote, false, "unterminated bit string literal", out);
    }

    /** A string without backslash escapes, continued across newlines; {@code doubling}: {@code ''} is a quote. */
    private static int unescaped(String src, int start, int quote, boolean doubling, String unterminated,
                                 StringBuilder out) throws LexException {
        int pos = quote + 1;
        while (true) {
            int q = src.indexOf('\'', pos);
            if (q < 0) {
                throw new LexException(unterminated, start);
            }
            out.append(src, pos, q);
            if (doubling && q + 1 < src.length() && src.charAt(q + 1) == '\'') {
                out.append('\'');
                pos = q + 2;
                continue;
            }
            int next = Trivia.continuation(src, q + 1);
            if (next < 0) {
                return q + 1;
            }
            pos = next + 1;
        }
    }

    /** {@code E'...'}: a backslash escapes the next character, so {@code \'} does not end the string. */
    static int escape(String src, int start, int quote, StringBuilder out) throws LexException {
        int len = src.length();
        int pos = quote + 1;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '\\') {
                if (pos + 1 >= len) {
                    break;
                }
                pos = Escapes.escapeSequence(src, pos + 1, start, out);
            } else if (c != '\'') {
                out.append(c);
                pos++;
            } else if (pos + 1 < len && src.charAt(pos + 1) == '\'') {
                out.append('\'');
                pos += 2;
            } else {
                int next = Trivia.continuation(src, pos + 1);
                if (next < 0) {
                    return pos + 1;
                }
                pos = next + 1;
            }
        }
        throw new LexException("unterminated quoted string", start);
    }

    /** {@code "..."}: a doubled double quote is a double quote; an empty identifier is an error. */
    static int quotedIdentifier(String src, int start, int quote, StringBuilder out) throws LexException {
        int pos = quote + 1;
        int initial = out.length();
        while (true) {
            int q = src.indexOf('"', pos);
            if (q < 0) {
                throw new LexException("unterminated quoted identifier", start);
            }
            out.append(src, pos, q);
            if (q + 1 < src.length() && src.charAt(q + 1) == '"') {
                out.append('"');
                pos = q + 2;
                continue;
            }
            if (out.length() == initial) {
                throw new LexException("zero-length delimited identifier", start);
            }
            return q + 1;
        }
    }

    /**
     * Length of the dollar-quote delimiter starting at {@code pos} ({@code $$} or {@code $tag$}), or -1 if
     * there is none there. The tag follows identifier rules without {@code $}; it cannot start with a
     * digit, which is what makes {@code $1} a parameter.
     */
    static int dollarDelimiterLength(String src, int pos) throws LexException {
        int len = src.length();
        int p = pos + 1;
        if (p < len && src.charAt(p) == '$') {
            return 2;
        }
        if (p >= len || !Chars.isIdentStart(src.charAt(p))) {
            return -1;
        }
        while (p < len && Chars.isTagCont(src.charAt(p))) {
            p++;
        }
        if (p >= len || src.charAt(p) != '$') {
            return -1;
        }
        if (p - pos - 1 > MAX_DOLLAR_TAG) {
            throw new LexException("dollar-quote tag longer than " + MAX_DOLLAR_TAG + " characters", pos);
        }
        return p - pos + 1;
    }

    /**
     * The body runs to the first occurrence of the same delimiter (tags are case-sensitive); nothing in it
     * is escaped, so quotes, semicolons and comment markers inside are plain text.
     */
    static int dollar(String src, int start, int delimiterLength, StringBuilder out) throws LexException {
        String delimiter = src.substring(start, start + delimiterLength);
        int bodyStart = start + delimiterLength;
        int close = src.indexOf(delimiter, bodyStart);
        if (close < 0) {
            throw new LexException("unterminated dollar-quoted string", start);
        }
        out.append(src, bodyStart, close);
        return close + delimiterLength;
    }
}
