package dev.pgguard.config;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the shape of a SCRAM-SHA-256 verifier as PostgreSQL stores it in {@code pg_authid.rolpassword}.
 * Only the shape: the SCRAM exchange itself belongs to the authenticator. Messages never quote the value,
 * because a mistaken value is likely a plain password.
 */
final class ScramVerifier {

    private static final Pattern FORMAT =
            Pattern.compile("SCRAM-SHA-256\\$([0-9]+):([^$:]+)\\$([^$:]+):([^$:]+)");
    private static final int KEY_LENGTH = 32; // SHA-256 output

    private ScramVerifier() {
    }

    /** Returns {@code text} if it is a verifier; otherwise throws with a message that completes "password ...". */
    static String check(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw invalid("it is not in that format");
        }
        if (!isPositiveInt(m.group(1))) {
            throw invalid("the iteration count must be a positive integer");
        }
        if (decode(m.group(2), "salt").length == 0) {
            throw invalid("the salt is empty");
        }
        if (decode(m.group(3), "StoredKey").length != KEY_LENGTH) {
            throw invalid("the StoredKey must decode to " + KEY_LENGTH + " bytes");
        }
        if (decode(m.group(4), "ServerKey").length != KEY_LENGTH) {
            throw invalid("the ServerKey must decode to " + KEY_LENGTH + " bytes");
        }
        return text;
    }

    /** Keeps the mechanism and iterations, which help diagnose a login failure, and hides the rest. */
    static String masked(String verifier) {
        int colon = verifier.indexOf(':');
        return colon < 0 ? "****" : verifier.substring(0, colon + 1) + "****";
    }

    private static boolean isPositiveInt(String digits) {
        try {
            return Integer.parseInt(digits) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] decode(String base64, String part) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("the " + part + " is not valid base64");
        }
    }

    private static IllegalArgumentException invalid(String reason) {
        return new IllegalArgumentException("must be a SCRAM-SHA-256 verifier"
                + " (SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, as PostgreSQL stores it):"
                + " a plain password is never stored; " + reason);
    }
}
