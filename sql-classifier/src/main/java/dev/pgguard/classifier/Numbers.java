package dev.pgguard.classifier;

/**
 * Numeric constants: {@code 42}, {@code 3.5}, {@code 4.}, {@code .001}, {@code 5e2}, {@code 1.925e-3},
 * and since PostgreSQL 16 {@code 0x1F}, {@code 0o17}, {@code 0b101} and single underscores between digits
 * ({@code 1_000}). A sign is never part of the constant. What does not fit the pattern ends the number
 * and starts the next token, so {@code 1e} is {@code 1} then the word {@code e}, and {@code 1..2} keeps
 * its {@code ..}.
 */
final class Numbers {

    private Numbers() {
    }

    /** {@code pos} is at a digit, or at a dot followed by a digit; returns the offset after the number. */
    static int end(String src, int pos) {
        int len = src.length();
        if (src.charAt(pos) == '0' && pos + 1 < len) {
            int radix = radix(src.charAt(pos + 1));
            if (radix > 0) {
                int p = digits(src, pos + 2, radix, true);
                if (p > pos + 2) {
                    return p;
                }
            }
        }
        int p = src.charAt(pos) == '.' ? pos : digits(src, pos, 10, false);
        if (p < len && src.charAt(p) == '.' && !(p + 1 < len && src.charAt(p + 1) == '.')) {
            p = digits(src, p + 1, 10, false);
        }
        if (p < len && (src.charAt(p) == 'e' || src.charAt(p) == 'E')) {
            int q = p + 1;
            if (q < len && (src.charAt(q) == '+' || src.charAt(q) == '-')) {
                q++;
            }
            if (q < len && Chars.isDigit(src.charAt(q))) {
                p = digits(src, q, 10, false);
            }
        }
        return p;
    }

    private static int radix(char c) {
        switch (c) {
            case 'x': case 'X': return 16;
            case 'o': case 'O': return 8;
            case 'b': case 'B': return 2;
            default: return 0;
        }
    }

    /**
     * Digits with single underscores between them; {@code leadingUnderscore} allows one right after a
     * base prefix ({@code 0x_FF}). Returns {@code pos} if there is no digit.
     */
    private static int digits(String src, int pos, int radix, boolean leadingUnderscore) {
        int len = src.length();
        int p = pos;
        if (leadingUnderscore && p + 1 < len && src.charAt(p) == '_' && isDigit(src.charAt(p + 1), radix)) {
            p++;
        }
        if (p >= len || !isDigit(src.charAt(p), radix)) {
            return pos;
        }
        while (p < len) {
            char c = src.charAt(p);
            if (isDigit(c, radix)) {
                p++;
            } else if (c == '_' && p + 1 < len && isDigit(src.charAt(p + 1), radix)) {
                p += 2;
            } else {
                break;
            }
        }
        return p;
    }

    private static boolean isDigit(char c, int radix) {
        int v = Chars.hexValue(c);
        return v >= 0 && v < radix;
    }
}
