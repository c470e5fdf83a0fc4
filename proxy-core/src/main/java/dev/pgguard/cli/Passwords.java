package dev.pgguard.cli;

import java.security.SecureRandom;
import java.util.Base64;

/** Passwords pgguard makes up itself (the demo agent's, the embedded superuser's). */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 24 random bytes, URL-safe base64: safe to paste into a connection URL without escaping. */
    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
