package dev.pgguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and its lowercase hex form, the only hash the audit log uses. */
final class Sha256 {

    static final int HEX_LENGTH = 64;
    /** The {@code prev} of the first record of a log. */
    static final String GENESIS = "0".repeat(HEX_LENGTH);
    /** Lowercase hex digits, by value (also the writer's {@code \\u} escapes). */
    static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Writes the 64 hex digits of a 32-byte digest at {@code off}: the writer's hot loop, no String. */
    static void hex(byte[] digest, byte[] dst, int off) {
        for (int i = 0; i < digest.length; i++) {
            dst[off + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            dst[off + 2 * i + 1] = HEX[digest[i] & 0xf];
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static boolean isHex(String s) {
        if (s == null || s.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
