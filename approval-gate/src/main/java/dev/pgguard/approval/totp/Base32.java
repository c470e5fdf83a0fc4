package dev.pgguard.approval.totp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 4648 Base32, the text form of a TOTP secret in an {@code otpauth://} URI and in authenticator apps.
 * Encoding writes no padding, as the Key Uri Format asks; decoding reads what a human may type or paste: lower
 * case, the spaces authenticator apps group the secret with, and trailing padding.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {
    }

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET.charAt(buffer >>> bits & 31));
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt(buffer << 5 - bits & 31));
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException naming the first character outside the alphabet, or a cut-off length */
    public static byte[] decode(CharSequence text) {
        String digits = withoutPadding(text.toString().replace(" ", ""));
        // 1, 3 or 6 characters past a full 8-character block carry no whole byte: a character is missing.
        if (digits.length() % 8 == 1 || digits.length() % 8 == 3 || digits.length() % 8 == 6) {
            throw new IllegalArgumentException(
                    "Base32 text of " + digits.length() + " characters is cut off (a character is missing or extra)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < digits.length(); i++) {
            buffer = buffer << 5 | value(digits.charAt(i));
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write(buffer >>> bits & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static String withoutPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }

    private static int value(char c) {
        // ASCII only before folding: Character.toUpperCase turns the Turkish dotless i into I and the long s into S.
        int value = c < 128 ? ALPHABET.indexOf(Character.toUpperCase(c)) : -1;
        if (value < 0) {
            throw new IllegalArgumentException(String.format(
                    "'%s' (U+%04X) is not a Base32 character: only A-Z and 2-7", c, (int) c));
        }
        return value;
    }
}
