package dev.pgguard.proxy.admin;

import dev.pgguard.approval.totp.Totp;
import dev.pgguard.approval.totp.TotpResult;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TOTP code an approver with a second factor sends with every decision (approve, deny, grant, revoke) in the
 * {@value #HEADER} header. It answers one threat: an agent with a shell as the approver's user can read the token
 * file and call the API itself, but it does not have the approver's phone. So a code is good once, and wrong codes
 * are limited: six digits are a million guesses, which a loop on loopback would otherwise try in minutes.
 * One instance per admin port (the replay and guess memory is per pgguard process); thread-safe.
 */
final class SecondFactor {

    static final String HEADER = "X-PgGuard-TOTP";
    /** What {@value #HEADER} says in an answer: which of the second factor's refusals this is. */
    private static final String REQUIRED = "required";
    private static final String REFUSED = "refused";
    private static final String LOCKED = "locked";

    /** Five wrong codes in a row lock the approver's decisions for five minutes: months to guess one code. */
    static final int MAX_WRONG = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(SecondFactor.class);

    private record Misses(int count, Instant lockedUntil) {
    }

    private final Totp totp;
    private final Clock clock;
    /** Approver name to their wrong codes since the last good one; guarded by itself. */
    private final Map<String, Misses> misses = new HashMap<>();

    SecondFactor(Clock clock) {
        this.totp = new Totp(clock);
        this.clock = clock;
    }

    /** Why this decision may not go ahead; empty when the caller needs no code or sent a good one. */
    Optional<Answer> refusal(Caller caller, String code) {
        if (caller.totp().isEmpty()) {
            return Optional.empty();
        }
        String name = caller.name();
        if (code == null || code.isBlank()) {
            return Optional.of(Answer.error(HttpResponseStatus.UNAUTHORIZED, "approver '" + name + "' decides with "
                    + "a TOTP code: send the current code of the authenticator app in the " + HEADER
                    + " header (pgguard asks for it)").withHeader(HEADER, REQUIRED));
        }
        Instant now = clock.instant();
        synchronized (misses) {
            Misses m = misses.get(name);
            if (m != null && m.lockedUntil() != null && now.isBefore(m.lockedUntil())) {
                return Optional.of(locked(name, m.lockedUntil()));
            }
        }
        TotpResult result = totp.verify(name, caller.totp().get(), code.strip());
        synchronized (misses) {
            if (result.accepted()) {
                misses.remove(name);
                return Optional.empty();
            }
            Misses m = misses.getOrDefault(name, new Misses(0, null));
            int count = m.lockedUntil() != null ? 1 : m.count() + 1; // a lockout that ended starts the count again
            if (count >= MAX_WRONG) {
                Instant until = now.plus(LOCKOUT).truncatedTo(ChronoUnit.SECONDS);
                misses.put(name, new Misses(0, until));
                log.warn("approver '{}': {} wrong TOTP codes in a row; their decisions are refused until {}. If the "
                        + "approver did not send them, someone else has their token", name, count, until);
                return Optional.of(locked(name, until));
            }
            misses.put(name, new Misses(count, null));
        }
        log.info("approver '{}': TOTP code refused ({})", name, result.reason());
        return Optional.of(Answer.error(HttpResponseStatus.FORBIDDEN, result.reason() + "; nothing was decided")
                .withHeader(HEADER, REFUSED));
    }

    private static Answer locked(String name, Instant until) {
        return Answer.error(HttpResponseStatus.TOO_MANY_REQUESTS, "too many wrong TOTP codes for approver '" + name
                + "': their decisions are refused until " + until + ". If those codes were not theirs, someone else "
                + "has their token: replace it (pgguard approver remove, then add)").withHeader(HEADER, LOCKED);
    }
}
