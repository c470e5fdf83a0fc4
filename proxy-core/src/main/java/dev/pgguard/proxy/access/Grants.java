package dev.pgguard.proxy.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The write grants in force. A grant starts when an approver gives it and ends when it expires (a timer) or an
 * approver revokes it, each exactly once; the listener hears both, so that they are audited and the agent's
 * sessions restart on the new terms. Grants live in memory: a restart of pgguard ends them all, the closed
 * direction. Thread-safe.
 */
public final class Grants implements AutoCloseable {

    /** The longest grant: write access that outlives a working day should be a config change a human reviews. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    /** Hears grants start and end; called on the granting thread or the expiry timer, never on an event loop. */
    public interface Listener {
        void started(Grant grant);

        /** @param by who revoked it; null when it expired */
        void ended(Grant grant, String by);
    }

    private final Map<String, Grant> live = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgguard-grants");
        t.setDaemon(true);
        return t;
    });
    private volatile Listener listener = new Listener() {
        @Override
        public void started(Grant grant) {
        }

        @Override
        public void ended(Grant grant, String by) {
        }
    };

    public Grants(Clock clock) {
        this.clock = clock;
    }

    public void listener(Listener l) {
        this.listener = l;
    }

    /** Starts a grant; the caller checked that the agent exists and the patterns are valid. */
    public Grant grant(String agent, Duration duration, List<String> tables, String approver, String reason) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a grant lasts more than 0 and at most 24h, got " + duration);
        }
        Instant now = clock.instant();
        byte[] id = new byte[4];
        Grant grant;
        do {
            random.nextBytes(id);
            grant = new Grant("g" + HexFormat.of().formatHex(id), agent, tables, now, now.plus(duration), approver,
                    reason);
        } while (live.putIfAbsent(grant.id(), grant) != null);
        Grant started = grant;
        listener.started(started);
        timer.schedule(() -> end(started.id(), null), duration.toMillis(), TimeUnit.MILLISECONDS);
        return started;
    }

    /** Ends a grant before its time; empty when there is no such live grant (expired, revoked, never given). */
    public Optional<Grant> revoke(String id, String approver) {
        return end(id, approver);
    }

    private Optional<Grant> end(String id, String by) {
        Grant ended = live.remove(id);
        if (ended != null) {
            listener.ended(ended, by);
        }
        return Optional.ofNullable(ended);
    }

    /** The live grants, the soonest to expire first. */
    public List<Grant> live() {
        return live.values().stream().sorted(Comparator.comparing(Grant::expires)).toList();
    }

    /** The agent's live grants. */
    public List<Grant> of(String agent) {
        Instant now = clock.instant();
        // the expiry timer may run a little late: a grant past its time grants nothing meanwhile
        return live.values().stream().filter(g -> g.agent().equals(agent) && g.expires().isAfter(now)).toList();
    }

    public boolean any(String agent) {
        return !of(agent).isEmpty();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
