package dev.pgguard.classifier;

/**
 * Whitespace and comments, which PostgreSQL removes before parsing. Block comments nest (as the SQL
 * standard says, unlike C): {@code /* a /* b *}{@code / c *}{@code /} is one comment, so a naive
 * "first star-slash" scanner would expose {@code c} as code.
 */
final class Trivia {

    private Trivia() {
    }

    /** Returns the offset of the first character at or after {@code pos} that is not whitespace or comment. */
    static int skip(String src, int pos) throws LexException {
        int len = src.length();
        while (pos < len) {
            char c = src.charAt(pos);
            if (Chars.isSpace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < len && src.charAt(pos + 1) == '-') {
                pos = lineCommentEnd(src, pos);
            } else if (c == '/' && pos + 1 < len && src.charAt(pos + 1) == '*') {
                pos = blockCommentEnd(src, pos);
            } else {
                break;
            }
        }
        return pos;
    }

    /** A {@code --} comment runs to the next newline (which it does not include) or the end of input. */
    static int lineCommentEnd(String src, int pos) {
        int len = src.length();
        while (pos < len && !Chars.isNewline(src.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** {@code start} is at the opening slash-star; returns the offset after the matching star-slash. */
    static int blockCommentEnd(String src, int start) throws LexException {
        int len = src.length();
        int depth = 1;
        int pos = start + 2;
        while (pos + 1 < len) {
            char c = src.charAt(pos);
            char next = src.charAt(pos + 1);
            if (c == '*' && next == '/') {
                pos += 2;
                if (--depth == 0) {
                    return pos;
                }
            } else if (c == '/' && next == '*') {
                depth++;
                pos += 2;
            } else {
                pos++;
            }
        }
        throw new LexException("unterminated /* comment", start);
    }

    /**
     * SQL concatenates two quoted strings separated by whitespace that holds at least one newline
     * ({@code 'foo'<newline>'bar'} is {@code 'foobar'}); only {@code --} comments may sit in that
     * whitespace, not block comments. The continuation is lexed in the mode of the first part, which is
     * why it matters: in {@code E'a'<newline>'\'...'} the backslash still escapes the quote.
     *
     * @param pos offset just after a closing quote
     * @return the offset of the continuing opening quote, or -1 if the string ends at {@code pos}
     */
    static int continuation(String src, int pos) {
        int len = src.length();
        boolean newline = false;
        while (pos < len) {
            char c = src.charAt(pos);
            if (Chars.isNewline(c)) {
                newline = true;
                pos++;
            } else if (Chars.isSpace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < len && src.charAt(pos + 1) == '-') {
                pos = lineCommentEnd(src, pos);
                if (pos == len) {
                    return -1;
                }
            } else {
                break;
            }
        }
        return newline && pos < len && src.charAt(pos) == '\'' ? pos : -1;
    }
}
