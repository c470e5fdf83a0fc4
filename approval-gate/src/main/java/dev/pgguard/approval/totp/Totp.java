package dev.pgguard.approval.totp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks approvers' TOTP codes (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits, time counted from the Unix
 * epoch), and remembers per approver the last step it accepted, so that no code is accepted twice: a code an
 * agent read off the approver's screen is worth nothing once the approver has used it. One instance serves all
 * approvers of a pgguard process and may be called from any thread; the memory does not outlive it.
 */
public final class Totp {

    static final int DIGITS = 6;
    static final int STEP_SECONDS = 30;
    /**
     * Steps accepted either side of the current one, for clocks that differ and for a code typed as it changed:
     * RFC 6238 section 5.2 recommends at most one.
     */
    private static final int SKEW_STEPS = 1;

    private final Clock clock;
    /** Approver name to the last step accepted; guarded by itself. */
    private final Map<String, Long> lastAccepted = new HashMap<>();

    public Totp(Clock clock) {
        this.clock = clock;
    }

    /**
     * Accepts {@code code} if it is the code of the current step or of one step either side, and of a step later
     * than the last one accepted for {@code approver}.
     */
    public TotpResult verify(String approver, TotpSecret secret, String code) {
        if (!isSixDigits(code)) {
            return TotpResult.MALFORMED;
        }
        long now = step(clock.instant().getEpochSecond());
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long matched = Long.MIN_VALUE;
        // Every step of the window is computed and compared, whether an earlier one matched or not, and the
        // comparison takes constant time: how long this takes says nothing about how close a guess was. Should
        // two steps have the same code (one in a million), the later one counts, so a fresh code is not STALE.
        for (long step = now - SKEW_STEPS; step <= now + SKEW_STEPS; step++) {
            String expected = code(secret, step);
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given)) {
                matched = step;
            }
        }
        if (matched == Long.MIN_VALUE) {
            return TotpResult.WRONG;
        }
        synchronized (lastAccepted) {
            Long last = lastAccepted.get(approver);
            if (last != null && matched <= last) {
                return TotpResult.STALE;
            }
            lastAccepted.put(approver, matched);
            return TotpResult.ACCEPTED;
        }
    }

    /**
     * The code an authenticator app shows for {@code secret} at {@code time}: what an approver types, and what a
     * test types in their place.
     */
    public static String code(TotpSecret secret, Instant time) {
        return code(secret, step(time.getEpochSecond()));
    }

    private static String code(TotpSecret secret, long step) {
        return Hotp.code(secret.key(), step, Hotp.Hmac.SHA1, DIGITS);
    }

    /** The RFC 6238 time step (the HOTP counter) a time in epoch seconds falls in. */
    static long step(long epochSecond) {
        return Math.floorDiv(epochSecond, STEP_SECONDS);
    }

    private static boolean isSixDigits(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            // Not Character.isDigit: it takes Arabic-Indic and other digits the HOTP code never has.
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
