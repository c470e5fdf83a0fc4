package dev.pgguard.proxy.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reading and writing the comma-separated {@code x=value} attributes of RFC 5802 section 7. Messages are
 * split on ',' (values cannot contain one) and each field is then checked in the order the grammar fixes.
 */
final class ScramMessages {

    /** PostgreSQL and libpq both use 18 random bytes, 24 base64 characters. */
    private static final int NONCE_BYTES = 18;
    private static final int MAX_LOGGED_CHARS = 100;

    private ScramMessages() {
    }

    /** Strict UTF-8: the AuthMessage is hashed as the peer sent it, so no byte may be replaced. */
    static String decode(byte[] message, int maxBytes, String what) throws ScramException {
        if (message.length > maxBytes) {
            throw new ScramException(what + " is longer than " + maxBytes + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ScramException(what + " is not valid UTF-8");
        }
    }

    static List<String> fields(String message) {
        return Arrays.asList(message.split(",", -1));
    }

    /** The value of {@code field}, which must be attribute {@code name}; the message names only the attribute. */
    static String attribute(String field, char name, String what) throws ScramException {
        if (field.length() < 2 || field.charAt(0) != name || field.charAt(1) != '=') {
            throw new ScramException("malformed " + what + ": expected attribute '" + name + "'");
        }
        return field.substring(2);
    }

    /** An optional extension (RFC 5802 attr-val: ALPHA "=" value), which we may skip. */
    static boolean isExtension(String field) {
        return field.length() >= 2 && isAlpha(field.charAt(0)) && field.charAt(1) == '=';
    }

    /** Canonical padded base64 only: anything else is a peer we do not understand. */
    static byte[] base64(String value, String what) throws ScramException {
        try {
            byte[] decoded = Base64.getDecoder().decode(value);
            if (Base64.getEncoder().encodeToString(decoded).equals(value)) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the same message
        }
        throw new ScramException("malformed " + what + ": not valid base64");
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** RFC 5802 "printable" (with errata 2651: at least one character): ASCII 0x21-0x7E except ','. */
    static boolean isNonce(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
    }

    static String randomNonce(SecureRandom random) {
        byte[] raw = new byte[NONCE_BYTES];
        random.nextBytes(raw);
        return base64(raw);
    }

    /** Peer-supplied text made safe for a log line: printable ASCII only, bounded length. */
    static String forLog(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_LOGGED_CHARS; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
