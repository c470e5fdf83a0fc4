package dev.pgguard.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM-SHA-256 formulas of RFC 5802 section 3, with SHA-256 as H and HMAC-SHA-256 as HMAC. */
final class ScramCrypto {

    static final int KEY_LENGTH = 32;
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private ScramCrypto() {
    }

    /**
     * Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 and one output block, over the UTF-8 bytes of the
     * (SASLprep'ed) password. Hand-rolled rather than {@code PBKDF2WithHmacSHA256}, because PBEKeySpec
     * takes a char[] and the JDK's encoding of it is not guaranteed to be UTF-8 for non-ASCII passwords.
     */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        Mac mac = hmac(password);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1}); // INT(1): the block number, big-endian
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        byte[] bytes = SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8);
        try {
            return hi(bytes, salt, iterations);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, CLIENT_KEY);
    }

    static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, SERVER_KEY);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return hmac(key).doFinal(data);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("xor of arrays of different lengths");
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static Mac hmac(byte[] key) {
        // SecretKeySpec refuses an empty key. HMAC pads short keys with zero bytes to the block size,
        // so the one-byte key {0} is the same key as the empty one: an empty password still works.
        byte[] usable = key.length == 0 ? new byte[1] : key;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(usable, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime must provide HmacSHA256", e);
        }
    }
}
