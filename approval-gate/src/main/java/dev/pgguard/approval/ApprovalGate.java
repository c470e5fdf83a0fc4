package dev.pgguard.approval;

import dev.pgguard.approval.control.DaemonThreads;
import dev.pgguard.config.ApprovalsConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue of holds, shared by all sessions: opens them, decides them (approve, deny, timeout, withdraw), and
 * tells subscribers (the admin API's event streams) about every change. Thread-safe; nothing here blocks.
 *
 * <p>Decided holds stay visible for {@link #KEEP_DECIDED} (so {@code pgguard approve ID} can say "already
 * denied" rather than "unknown", and a late approval can find a timed-out hold), then are forgotten.
 */
public final class ApprovalGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApprovalGate.class);
    static final Duration KEEP_DECIDED = Duration.ofMinutes(10);
    /** Ids a person types: no 0/o, 1/l/i. Six characters give 10^9 ids; only live ones must differ. */
    private static final char[] ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

    private final ApprovalsConfig config;
    private final BlastRadiusMeter meter;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Hold> holds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StatementKey, Instant> preAuthorised = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<HoldEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers;

    /** @param meter null = no blast radius (holds are shown without one) */
    public ApprovalGate(ApprovalsConfig config, BlastRadiusMeter meter, Clock clock) {
        this.config = config;
        this.meter = meter;
        this.clock = clock;
        this.timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pgguard-hold-timer"));
        timers.scheduleWithFixedDelay(this::forgetOld, 1, 1, TimeUnit.MINUTES);
    }

    public ApprovalsConfig config() {
        return config;
    }

    /** Parks a statement: the hold is listed and announced at once, its blast radius follows when measured. */
    public Hold open(HoldRequest request) {
        Instant now = clock.instant();
        Duration timeout = request.inTransaction() ? config.timeoutInTransaction() : config.timeout();
        Hold hold;
        do {
            hold = new Hold(newId(), request, now, now.plus(timeout));
        } while (holds.putIfAbsent(hold.id(), hold) != null);
        Hold opened = hold;
        timers.schedule(() -> timeOut(opened), timeout.toMillis(), TimeUnit.MILLISECONDS);
        log.info("hold {} opened: agent {} env {} db {} session {} rules {}", hold.id(), request.agent(),
                request.environment(), request.database(),
                request.session(), request.classification().rules().stream().map(h -> h.rule().id()).toList());
        publish(HoldEvent.Type.HELD, hold);
        measure(hold);
        return hold;
    }

    private void measure(Hold hold) {
        if (meter == null) {
            return;
        }
        HoldRequest r = hold.request();
        try {
            meter.measure(r.environment(), r.database(), r.classification().statements()).thenAccept(radius -> {
                hold.blastRadius(radius);
                publish(HoldEvent.Type.UPDATED, hold);
            });
        } catch (RuntimeException e) {
            log.warn("hold {}: measuring the blast radius failed", hold.id(), e);
        }
    }

    /**
     * Approves a pending hold; or, for one that timed out no longer than the late-approval window ago,
     * pre-authorises the identical statement once for that window.
     */
    public Hold approve(String id, String approver) throws HoldException {
        Hold hold = require(id);
        Instant now = clock.instant();
        // recorded (and announced) before the session can forward anything; the audit log joins this record later
        if (decide(hold, HoldState.APPROVED, approver, null, now)) {
            return hold;
        }
        Duration window = config.lateApprovalWindow();
        if (hold.state() == HoldState.TIMED_OUT && !window.isZero() && hold.preAuthorisedUntil() == null
                && !now.isAfter(hold.decidedAt().plus(window))) {
            Instant until = now.plus(window);
            preAuthorised.put(hold.request().statementKey(), until);
            hold.preAuthorised(approver, until);
            log.info("hold {} approved late by {}: the identical statement passes once until {}", id, approver, until);
            publish(HoldEvent.Type.APPROVED, hold);
            return hold;
        }
        throw alreadyDecided(hold);
    }

    public Hold deny(String id, String approver, String reason) throws HoldException {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a denial needs a reason: the agent is told it");
        }
        Hold hold = require(id);
        if (!decide(hold, HoldState.DENIED, approver, reason.strip(), clock.instant())) {
            throw alreadyDecided(hold);
        }
        return hold;
    }

    /** The session cancelled or ended: the hold goes, whatever a human was about to decide. */
    public void withdraw(Hold hold, String why) {
        decide(hold, HoldState.WITHDRAWN, why, null, clock.instant());
    }

    private void timeOut(Hold hold) {
        decide(hold, HoldState.TIMED_OUT, null, null, clock.instant());
    }

    /**
     * PENDING → {@code to}, false if the hold was decided already. The decision is logged (no SQL text: it is
     * not for the application log) and announced to subscribers before the session learns of it.
     */
    private boolean decide(Hold hold, HoldState to, String by, String why, Instant at) {
        return hold.finish(to, by, why, at, () -> {
            log.info("hold {} {}{}", hold.id(), to.id().replace('_', ' '),
                    by == null ? "" : (to == HoldState.WITHDRAWN ? ": " : " by ") + by);
            publish(HoldEvent.Type.of(to), hold);
        });
    }

    /** True, once, if a late approval pre-authorised this exact statement and its window is still open. */
    public boolean consumePreAuthorisation(StatementKey key) {
        if (preAuthorised.isEmpty()) {
            return false; // the common case: one map-size read
        }
        Instant until = preAuthorised.remove(key);
        return until != null && !clock.instant().isAfter(until);
    }

    /** The pending holds, oldest first. */
    public List<Hold> pending() {
        return holds.values().stream().filter(h -> h.state() == HoldState.PENDING)
                .sorted(Comparator.comparing(Hold::createdAt)).toList();
    }

    /** A pending hold, or one decided in the last {@link #KEEP_DECIDED}. */
    public Optional<Hold> find(String id) {
        return Optional.ofNullable(holds.get(id));
    }

    /** Every event from now on, on the thread that caused it: {@code listener} must not block. */
    public Runnable subscribe(Consumer<HoldEvent> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    private void publish(HoldEvent.Type type, Hold hold) {
        HoldEvent event = new HoldEvent(type, hold);
        for (Consumer<HoldEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                log.warn("a hold event subscriber failed", e);
            }
        }
    }

    private Hold require(String id) throws HoldException {
        Hold hold = holds.get(id);
        if (hold == null) {
            throw new HoldException(HoldException.Reason.NOT_FOUND, "no hold " + id
                    + " (unknown, or decided more than " + KEEP_DECIDED.toMinutes() + " minutes ago)");
        }
        return hold;
    }

    private static HoldException alreadyDecided(Hold hold) {
        return new HoldException(HoldException.Reason.ALREADY_DECIDED,
                "hold " + hold.id() + " is already " + hold.state().id().replace('_', ' '));
    }

    private String newId() {
        char[] id = new char[6];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    private void forgetOld() {
        Instant now = clock.instant();
        Instant horizon = now.minus(KEEP_DECIDED);
        holds.values().removeIf(h -> h.state() != HoldState.PENDING && h.decidedAt().isBefore(horizon)
                && (h.preAuthorisedUntil() == null || h.preAuthorisedUntil().isBefore(now)));
        preAuthorised.values().removeIf(until -> until.isBefore(now));
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (Hold hold : pending()) {
            withdraw(hold, "pgguard is shutting down");
        }
    }
}
