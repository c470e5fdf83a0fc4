package dev.pgguard.approval.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TotpTest {

    private static final TotpSecret SECRET = TotpSecret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    /** RFC 6238 Appendix B's 1111111109 s: the last second of step 0x23523EC. */
    private static final long T = 1_111_111_109L;

    private final MovableClock clock = new MovableClock(T);
    private final Totp totp = new Totp(clock);

    private static String codeAt(long epochSecond) {
        return Totp.code(SECRET, Instant.ofEpochSecond(epochSecond));
    }

    @Test
    void theCurrentCodeIsAccepted() {
        assertEquals("081804", codeAt(T)); // RFC 6238's 07081804 in 6 digits
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, "081804"));
    }

    @Test
    void oneStepOfSkewEitherWayIsAccepted() {
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, codeAt(T - 30)));
        assertEquals(TotpResult.ACCEPTED, totp.verify("bob", SECRET, codeAt(T + 30)));
    }

    @Test
    void twoStepsOfSkewAreWrong() {
        assertEquals(TotpResult.WRONG, totp.verify("alice", SECRET, codeAt(T - 60)));
        assertEquals(TotpResult.WRONG, totp.verify("alice", SECRET, codeAt(T + 60)));
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, codeAt(T)));
    }

    @Test
    void aCodeIsAcceptedOnce() {
        String code = codeAt(T);
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, code));
        assertEquals(TotpResult.STALE, totp.verify("alice", SECRET, code));
        clock.advance(29); // the next step: the code is still inside the window, and still used
        assertEquals(TotpResult.STALE, totp.verify("alice", SECRET, code));
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, codeAt(T + 30)));
    }

    @Test
    void anOlderCodeAfterANewerOneIsStale() {
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, codeAt(T + 30)));
        assertEquals(TotpResult.STALE, totp.verify("alice", SECRET, codeAt(T)));
        assertEquals(TotpResult.STALE, totp.verify("alice", SECRET, codeAt(T - 30)));
    }

    @Test
    void replayIsCountedPerApprover() {
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, codeAt(T)));
        assertEquals(TotpResult.ACCEPTED, totp.verify("bob", SECRET, codeAt(T)));
    }

    @Test
    void wrongAndMalformedCodes() {
        String right = codeAt(T);
        String wrong = (right.charAt(0) == '9' ? "0" : "9") + right.substring(1);
        assertEquals(TotpResult.WRONG, totp.verify("alice", SECRET, wrong));
        for (String code : new String[] {null, "", "08180", "0818045", "081 804", " 081804", "08180a",
                "\u0660\u0668\u0661\u0668\u0660\u0664"}) {
            assertEquals(TotpResult.MALFORMED, totp.verify("alice", SECRET, code), String.valueOf(code));
        }
        // Refused codes leave no trace: the right code is still good.
        assertEquals(TotpResult.ACCEPTED, totp.verify("alice", SECRET, right));
    }

    @Test
    void resultsSayWhy() {
        assertTrue(TotpResult.ACCEPTED.accepted());
        for (TotpResult refused : new TotpResult[] {TotpResult.MALFORMED, TotpResult.WRONG, TotpResult.STALE}) {
            assertFalse(refused.accepted());
            assertFalse(refused.reason().isBlank());
        }
        assertEquals("a TOTP code is 6 digits", TotpResult.MALFORMED.reason());
    }

    @Test
    void concurrentUsesOfOneCodeAcceptItOnce() throws Exception {
        int threads = 16;
        String code = codeAt(T);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TotpResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return totp.verify("alice", SECRET, code);
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<TotpResult> result : results) {
                accepted += result.get() == TotpResult.ACCEPTED ? 1 : 0;
            }
            assertEquals(1, accepted);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A clock the test moves; read from the verifying threads, hence volatile. */
    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(long epochSecond) {
            this.now = Instant.ofEpochSecond(epochSecond);
        }

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the verifier reads instants only");
        }
    }
}
