package dev.pgguard.proxy.admin;

import dev.pgguard.approval.totp.Totp;
import dev.pgguard.approval.totp.TotpSecret;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TOTP code every decision of an approver with a second factor needs: missing, good, replayed, guessed. */
class SecondFactorTest {

    private static final TotpSecret SECRET = TotpSecret.generate(new SecureRandom());
    private static final Caller ALICE = new Caller("alice", Optional.of(SECRET));

    private Instant now = Instant.parse("2026-11-25T10:00:10Z");
    private final SecondFactor secondFactor = new SecondFactor(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void anApproverWithoutTotpAndTheSharedTokenNeedNoCode() {
        assertTrue(secondFactor.refusal(new Caller("bob", Optional.empty()), null).isEmpty());
        assertTrue(secondFactor.refusal(Caller.shared(), null).isEmpty());
    }

    @Test
    void noCodeIsUnauthorisedAndSaysWhatIsNeeded() {
        Answer a = secondFactor.refusal(ALICE, null).orElseThrow();

        assertEquals(401, a.status().code());
        assertEquals("required", a.headers().get(SecondFactor.HEADER));
        assertTrue(a.json().contains("approver 'alice' decides with a TOTP code"), a.json());
        assertEquals(401, secondFactor.refusal(ALICE, " ").orElseThrow().status().code());
    }

    @Test
    void aGoodCodeDecidesOnceAndAnOldOneNever() {
        String code = Totp.code(SECRET, now);

        assertTrue(secondFactor.refusal(ALICE, code).isEmpty());
        Answer replay = secondFactor.refusal(ALICE, code).orElseThrow();
        assertEquals(403, replay.status().code());
        assertEquals("refused", replay.headers().get(SecondFactor.HEADER));
        assertTrue(replay.json().contains("already used"), replay.json());

        Answer stale = secondFactor.refusal(ALICE, Totp.code(SECRET, now.minusSeconds(90))).orElseThrow();
        assertEquals(403, stale.status().code());
        assertTrue(stale.json().contains("wrong TOTP code"), stale.json());
        assertTrue(secondFactor.refusal(ALICE, Totp.code(SECRET, now.plusSeconds(30))).isEmpty(),
                "the next step's code is good: a phone a little ahead");
    }

    @Test
    void fiveWrongCodesInARowLockTheApproverOutForFiveMinutes() {
        String good = Totp.code(SECRET, now);
        String wrong = good.equals("000000") ? "111111" : "000000";
        for (int i = 1; i < SecondFactor.MAX_WRONG; i++) {
            assertEquals(403, secondFactor.refusal(ALICE, wrong).orElseThrow().status().code());
        }
        Answer locked = secondFactor.refusal(ALICE, wrong).orElseThrow();
        assertEquals(429, locked.status().code());
        assertEquals("locked", locked.headers().get(SecondFactor.HEADER));
        assertTrue(locked.json().contains("too many wrong TOTP codes for approver 'alice'"), locked.json());
        assertEquals(429, secondFactor.refusal(ALICE, good).orElseThrow().status().code(),
                "while locked even a good code decides nothing: guesses must not go on");

        now = now.plus(SecondFactor.LOCKOUT).plus(Duration.ofSeconds(1));
        assertTrue(secondFactor.refusal(ALICE, Totp.code(SECRET, now)).isEmpty());
    }
}
