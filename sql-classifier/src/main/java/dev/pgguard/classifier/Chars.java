package dev.pgguard.classifier;

/**
 * Character classes of PostgreSQL's scanner ({@code scan.l}). Everything at or above U+0080 counts as a
 * letter, as PostgreSQL's {@code [\200-\377]} does for every byte of a multibyte character: a no-break
 * space is part of a word there, not a separator.
 */
final class Chars {

    private Chars() {
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    /** A dollar-quote tag is identifier-like but may not contain {@code $}. */
    static boolean isTagCont(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Space, tab, newline, carriage return, form feed and vertical tab. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    /** The characters an operator name is made of. */
    static boolean isOpChar(char c) {
        switch (c) {
            case '~': case '!': case '@': case '#': case '^': case '&': case '|': case '`': case '?':
            case '+': case '-': case '*': case '/': case '%': case '<': case '>': case '=':
                return true;
            default:
                return false;
        }
    }

    /** The operator characters that let a multi-character operator end in {@code +} or {@code -}. */
    static boolean isNonSqlOpChar(char c) {
        switch (c) {
            case '~': case '!': case '@': case '#': case '^': case '&': case '|': case '`': case '?': case '%':
                return true;
            default:
                return false;
        }
    }

    /** PostgreSQL folds only ASCII letters to lower case (in a UTF-8 database). */
    static char foldAscii(char c) {
        return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
    }

    /** The word folded as {@link #foldAscii} does; allocates only when there is a letter to fold. */
    static String foldCase(String src, int start, int end) {
        int i = start;
        while (i < end) {
            char c = src.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                break;
            }
            i++;
        }
        if (i == end) {
            return src.substring(start, end);
        }
        char[] out = new char[end - start];
        for (int j = start; j < end; j++) {
            out[j - start] = foldAscii(src.charAt(j));
        }
        return new String(out);
    }

    /**
     * True if the unquoted word {@code lowerWord} stands at {@code pos} as a whole word, compared ASCII
     * case-insensitively as PostgreSQL does (Java's ignore-case would also match, say, U+017F for "s").
     */
    static boolean wordAt(String src, int pos, String lowerWord) {
        int end = pos + lowerWord.length();
        if (end > src.length() || !foldsTo(src, pos, lowerWord)) {
            return false;
        }
        return end == src.length() || !isIdentCont(src.charAt(end));
    }

    /** True if the {@code lowerWord.length()} characters at {@code pos} fold to {@code lowerWord}. */
    static boolean foldsTo(String src, int pos, String lowerWord) {
        for (int i = 0; i < lowerWord.length(); i++) {
            if (foldAscii(src.charAt(pos + i)) != lowerWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
