package dev.pgguard.approval.totp;

import java.time.Instant;

/**
 * The code an authenticator app shows for a secret at a time, made with approval-gate's own HOTP (package-private
 * there, hence this class in the same package): what a test types in place of a human reading their phone.
 */
public final class TestCodes {

    private TestCodes() {
    }

    public static String at(TotpSecret secret, Instant time) {
        return Hotp.code(secret.key(), Totp.step(time.getEpochSecond()), Hotp.Hmac.SHA1, Totp.DIGITS);
    }
}
