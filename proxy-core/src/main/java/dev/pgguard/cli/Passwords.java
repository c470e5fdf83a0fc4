package dev.pgguard.cli;

import java.security.SecureRandom;
import java.util.Base64;

/** Passwords and tokens pgguard makes up itself (the demo agent's, the embedded superuser's, an approver's). */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 24 random bytes, URL-safe base64: safe to paste into a connection URL without escaping. */
    static String random() {
        return random(24);
    }

    /** {@code size} random bytes, URL-safe base64: visible ASCII, as a bearer token must be too. */
    static String random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
