package dev.pgguard.approval.totp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HOTP value of RFC 4226 section 5: an HMAC of the counter, dynamically truncated to a number of decimal
 * digits. TOTP is this with the time step as the counter. pgguard's approvers use SHA-1 and 6 digits, what
 * authenticator apps show; SHA-256, SHA-512 and 8 digits are here so RFC 6238's test vectors can be checked.
 */
final class Hotp {

    enum Hmac {
        SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

        final String jcaName;

        Hmac(String jcaName) {
            this.jcaName = jcaName;
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Hotp() {
    }

    /** The code, left-padded with zeros to {@code digits} (6 to 8). */
    static String code(byte[] key, long counter, Hmac hmac, int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("HOTP digits must be 6 to 8, not " + digits);
        }
        byte[] hash = mac(key, counter, hmac);
        // Dynamic truncation: the low nibble of the last byte picks where 31 bits are read from.
        int offset = hash[hash.length - 1] & 0xf;
        int binary = (hash[offset] & 0x7f) << 24
                | (hash[offset + 1] & 0xff) << 16
                | (hash[offset + 2] & 0xff) << 8
                | hash[offset + 3] & 0xff;
        String code = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    private static byte[] mac(byte[] key, long counter, Hmac hmac) {
        try {
            // A Mac is not thread-safe, and approvals are rare: a new one each time.
            Mac mac = Mac.getInstance(hmac.jcaName);
            mac.init(new SecretKeySpec(key, hmac.jcaName));
            return mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            // Java SE requires HmacSHA1 and HmacSHA256 and the JDK has HmacSHA512; HMAC takes a key of any length.
            throw new IllegalStateException(hmac.jcaName + " is not available in this Java runtime", e);
        }
    }
}
