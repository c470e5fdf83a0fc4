package dev.pgguard.classifier;

/**
 * Decoding of backslash escapes in {@code E'...'} strings and of Unicode escapes in {@code U&'...'} strings
 * and {@code U&"..."} identifiers. Decoding is not cosmetic: {@code U&"d\0061ta"} is the identifier
 * {@code data}, and rules that compare names must see the decoded form.
 */
final class Escapes {

    private Escapes() {
    }

    /**
     * Decodes one backslash escape of an E-string. {@code pos} is at the character after the backslash,
     * which the caller has checked exists. Returns the offset after the escape. Octal and {@code \x}
     * escapes denote bytes; they are appended as the character of that value (exact for ASCII).
     */
    static int escapeSequence(String src, int pos, int errorOffset, StringBuilder out) throws LexException {
        char c = src.charAt(pos);
        switch (c) {
            case 'b': out.append('\b'); return pos + 1;
            case 'f': out.append('\f'); return pos + 1;
            case 'n': out.append('\n'); return pos + 1;
            case 'r': out.append('\r'); return pos + 1;
            case 't': out.append('\t'); return pos + 1;
            case 'u': return unicodeDigits(src, pos + 1, 4, errorOffset, out);
            case 'U': return unicodeDigits(src, pos + 1, 8, errorOffset, out);
            case 'x': {
                int p = pos + 1;
                int value = 0;
                while (p < src.length() && p < pos + 3 && Chars.hexValue(src.charAt(p)) >= 0) {
                    value = value * 16 + Chars.hexValue(src.charAt(p++));
                }
                if (p == pos + 1) {
                    out.append('x'); // "\x" without digits is just x, like any other escaped character
                } else {
                    out.append((char) value);
                }
                return p;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int p = pos;
                    int value = 0;
                    while (p < src.length() && p < pos + 3 && src.charAt(p) >= '0' && src.charAt(p) <= '7') {
                        value = value * 8 + (src.charAt(p++) - '0');
                    }
                    out.append((char) (value & 0xFF));
                    return p;
                }
                out.append(c); // any other character, including a quote, is taken literally
                return pos + 1;
        }
    }

    private static int unicodeDigits(String src, int pos, int digits, int errorOffset, StringBuilder out)
            throws LexException {
        int cp = hex(src, pos, digits, errorOffset);
        appendCodePoint(cp, out, errorOffset);
        return pos + digits;
    }

    /**
     * Decodes a {@code U&} body (quotes already undoubled) with the given escape character:
     * {@code <esc>XXXX}, {@code <esc>+XXXXXX}, and {@code <esc><esc>} for the escape character itself.
     */
    static String unicode(String body, char esc, int errorOffset) throws LexException {
        if (body.indexOf(esc) < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int len = body.length();
        int i = 0;
        while (i < len) {
            char c = body.charAt(i);
            if (c != esc) {
                out.append(c);
                i++;
            } else if (i + 1 < len && body.charAt(i + 1) == esc) {
                out.append(esc);
                i += 2;
            } else if (i + 1 < len && body.charAt(i + 1) == '+') {
                appendCodePoint(hex(body, i + 2, 6, errorOffset), out, errorOffset);
                i += 8;
            } else {
                appendCodePoint(hex(body, i + 1, 4, errorOffset), out, errorOffset);
                i += 5;
            }
        }
        return validatePairs(out, errorOffset);
    }

    private static int hex(String s, int pos, int digits, int errorOffset) throws LexException {
        if (pos + digits > s.length()) {
            throw new LexException("invalid Unicode escape", errorOffset);
        }
        int value = 0;
        for (int i = pos; i < pos + digits; i++) {
            int d = Chars.hexValue(s.charAt(i));
            if (d < 0) {
                throw new LexException("invalid Unicode escape", errorOffset);
            }
            value = value * 16 + d;
        }
        return value;
    }

    /** Surrogate halves are kept as chars and checked in pairs afterwards, as PostgreSQL combines them. */
    private static void appendCodePoint(int cp, StringBuilder out, int errorOffset) throws LexException {
        if (cp == 0 || cp > 0x10FFFF) {
            throw new LexException("invalid Unicode escape value", errorOffset);
        }
        out.appendCodePoint(cp);
    }

    private static String validatePairs(StringBuilder out, int errorOffset) throws LexException {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(i + 1))) {
                    throw new LexException("invalid Unicode surrogate pair", errorOffset);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new LexException("invalid Unicode surrogate pair", errorOffset);
            }
        }
        return out.toString();
    }

    /** PostgreSQL's rule for a UESCAPE character. */
    static boolean isValidUescape(char c) {
        return Chars.hexValue(c) < 0 && c != '+' && c != '\'' && c != '"' && !Chars.isSpace(c);
    }
}
