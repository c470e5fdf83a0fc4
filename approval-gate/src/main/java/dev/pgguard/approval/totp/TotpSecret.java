package dev.pgguard.approval.totp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * An approver's TOTP shared secret: made here, shown once for enrolment as an {@code otpauth://} URI (and its QR
 * code), stored by pgguard as Base32 text. {@link #toString()} never shows it, so a log line cannot leak it.
 */
public final class TotpSecret {

    /** RFC 4226 section 4 recommends 160 bits, the length of an HMAC-SHA-1 output. */
    private static final int GENERATED_BYTES = 20;
    /** RFC 4226 section 4: the secret MUST be at least 128 bits. */
    private static final int MIN_BYTES = 16;

    private final byte[] key;

    private TotpSecret(byte[] key) {
        this.key = key;
    }

    /** 160 fresh random bits. */
    public static TotpSecret generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_BYTES];
        random.nextBytes(key);
        return new TotpSecret(key);
    }

    /**
     * A stored secret read back (lower case, spaces and padding allowed).
     *
     * @throws IllegalArgumentException for text that is not Base32 or holds fewer than 128 bits
     */
    public static TotpSecret fromBase32(String text) {
        byte[] key = Base32.decode(text);
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "a TOTP secret needs at least " + MIN_BYTES * 8 + " bits, this one has " + key.length * 8);
        }
        return new TotpSecret(key);
    }

    /** The form pgguard stores and authenticator apps accept typed in: Base32, no padding. */
    public String base32() {
        return Base32.encode(key);
    }

    /**
     * The enrolment URI in the Key Uri Format of Google Authenticator (github.com/google/google-authenticator/
     * wiki/Key-Uri-Format), which other authenticator apps read too:
     * {@code otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30}. The issuer
     * is in the label and in the parameter because older apps read only one of them.
     *
     * @throws IllegalArgumentException for a blank issuer or account, or one with a colon (the format forbids it:
     *                                  the colon separates them in the label)
     */
    public String otpauthUri(String issuer, String account) {
        String encodedIssuer = percentEncoded("issuer", issuer);
        return "otpauth://totp/" + encodedIssuer + ':' + percentEncoded("account", account)
                + "?secret=" + base32()
                + "&issuer=" + encodedIssuer
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    byte[] key() {
        return key;
    }

    @Override
    public String toString() {
        return "TotpSecret[" + key.length * 8 + " bits]";
    }

    /**
     * RFC 3986: UTF-8, every byte but the unreserved characters as {@code %XX}. Not URLEncoder, which writes a
     * space as {@code +}: apps show that {@code +} in the account name.
     */
    private static String percentEncoded(String what, String text) {
        if (text == null || text.isBlank() || text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("the " + what + " of a TOTP secret must not be blank or contain ':', "
                    + "it is " + (text == null ? "missing" : "\"" + text + "\""));
        }
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append(String.format("%%%02X", c));
            }
        }
        return out.toString();
    }
}
