package dev.pgguard.proxy.access;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.TableScope;
import io.netty.util.concurrent.DefaultThreadFactory;
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
import java.util.stream.Stream;

/**
 * The write grants in force. A grant starts when an approver gives it and ends when it expires (a timer) or an
 * approver revokes it, each exactly once; the listener hears both, so that they are audited and the agent's
 * sessions restart on the new terms. Grants live in memory: a restart of pgguard ends them all, the closed
 * direction. Thread-safe.
 */
public final class Grants implements AutoCloseable {

    /** The longest grant: write access that outlives a working day should be a config change a human reviews. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    /**
     * Hears grants start and end; called on the thread that grants or revokes (the admin API's event loop) or on
     * the expiry timer: it must not block.
     */
    public interface Listener {
        void started(Grant grant);

        /** @param by who revoked it; null when it expired */
        void ended(Grant grant, String by);
    }

    /** A live grant with its table patterns parsed once, for the per-statement check. */
    private record Live(Grant grant, TableScope writable) {
    }

    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("pgguard-grants", true));
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

    /**
     * Starts a grant; the caller checked that the agent exists. A bad table pattern or duration is an
     * IllegalArgumentException.
     */
    public Grant grant(String agent, Duration duration, List<String> tables, String approver, String reason) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a grant lasts more than 0 and at most 24h, got " + duration);
        }
        TableScope writable = TableScope.of(List.of(), List.of(), tables, List.of());
        Instant now = clock.instant();
        byte[] id = new byte[4];
        Grant grant;
        do {
            random.nextBytes(id);
            grant = new Grant("g" + HexFormat.of().formatHex(id), agent, tables, now, now.plus(duration), approver,
                    reason);
        } while (live.putIfAbsent(grant.id(), new Live(grant, writable)) != null);
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
        Live ended = live.remove(id);
        if (ended == null) {
            return Optional.empty();
        }
        listener.ended(ended.grant(), by);
        return Optional.of(ended.grant());
    }

    /** The live grants, the soonest to expire first. */
    public List<Grant> live() {
        return live.values().stream().map(Live::grant).sorted(Comparator.comparing(Grant::expires)).toList();
    }

    /** The agent's live grants. */
    public List<Grant> of(String agent) {
        return liveOf(agent).map(Live::grant).toList();
    }

    public boolean any(String agent) {
        return liveOf(agent).findAny().isPresent();
    }

    /**
     * Whether a live grant of the agent covers every write of {@code c}: one without tables covers any write,
     * one with tables only writes to tables its patterns match.
     */
    public boolean covers(String agent, Classification c) {
        return liveOf(agent).anyMatch(l -> l.grant().tables().isEmpty() || l.writable().violation(c).isEmpty());
    }

    private Stream<Live> liveOf(String agent) {
        Instant now = clock.instant();
        // the expiry timer may run a little late: a grant past its time grants nothing meanwhile
        return live.values().stream().filter(l -> l.grant().agent().equals(agent) && l.grant().expires().isAfter(now));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
