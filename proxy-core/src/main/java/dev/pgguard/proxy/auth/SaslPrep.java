package dev.pgguard.proxy.auth;

import java.text.Normalizer;

/**
 * An approximation of SASLprep (RFC 4013) for SCRAM passwords.
 *
 * <p>Pure ASCII passwords are returned unchanged, exactly as PostgreSQL's pg_saslprep does. For other
 * passwords this applies the two mapping tables (non-ASCII spaces to U+0020, "commonly mapped to nothing"
 * removed) and NFKC. It does NOT implement the prohibited-output, bidirectional and unassigned-code-point
 * checks. PostgreSQL uses the raw password when those checks fail, so a password containing such
 * characters will hash differently here than in PostgreSQL; such passwords are rare enough to accept this.
 */
final class SaslPrep {

    private SaslPrep() {
    }

    static String prepare(String password) {
        if (password.chars().allMatch(c -> c < 0x80)) {
            return password;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        password.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF;
    }
}
