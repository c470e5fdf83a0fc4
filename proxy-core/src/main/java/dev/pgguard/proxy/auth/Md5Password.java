package dev.pgguard.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The reply to PostgreSQL's AuthenticationMD5Password: {@code "md5" + md5hex(md5hex(password + user) + salt)}.
 * Only for upstreams still configured with md5; the inner hash is what pg_authid stores for md5 roles.
 */
public final class Md5Password {

    private Md5Password() {
    }

    public static String encode(String user, String password, byte[] salt4) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt4, "salt4");
        if (salt4.length != 4) {
            throw new IllegalArgumentException("MD5 salt must be 4 bytes, got " + salt4.length);
        }
        MessageDigest md5 = md5();
        md5.update(password.getBytes(StandardCharsets.UTF_8));
        md5.update(user.getBytes(StandardCharsets.UTF_8));
        byte[] inner = HexFormat.of().formatHex(md5.digest()).getBytes(StandardCharsets.US_ASCII);
        md5.update(inner);
        // The salt is appended as raw bytes, not as hex: that is what the server computes too.
        md5.update(salt4);
        return "md5" + HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide MD5", e);
        }
    }
}
