package dev.pgguard.approval;

import dev.pgguard.approval.blast.BlastRadius;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One statement waiting for a human. Its state changes once, from PENDING to a final state, under the hold's
 * own lock; whoever makes that change completes {@link #outcome()}, which the session waits on.
 */
public final class Hold {

    private final String id;
    private final HoldRequest request;
    private final Instant createdAt;
    private final Instant deadline;
    private final CompletableFuture<HoldState> outcome = new CompletableFuture<>();
    private volatile BlastRadius blastRadius = BlastRadius.pending();

    private HoldState state = HoldState.PENDING;
    private String decidedBy;
    private String reason;
    private Instant decidedAt;
    private Instant preAuthorisedUntil;

    Hold(String id, HoldRequest request, Instant createdAt, Instant deadline) {
        this.id = id;
        this.request = request;
        this.createdAt = createdAt;
        this.deadline = deadline;
    }

    public String id() {
        return id;
    }

    public HoldRequest request() {
        return request;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant deadline() {
        return deadline;
    }

    /** Completes once, with the final state, on the thread that decided. */
    public CompletionStage<HoldState> outcome() {
        return outcome;
    }

    public BlastRadius blastRadius() {
        return blastRadius;
    }

    void blastRadius(BlastRadius measured) {
        this.blastRadius = measured;
    }

    public synchronized HoldState state() {
        return state;
    }

    /** Who approved or denied it (the approver's name as the CLI sends it), or what withdrew it. */
    public synchronized String decidedBy() {
        return decidedBy;
    }

    /** The approver's reason for a denial. */
    public synchronized String reason() {
        return reason;
    }

    public synchronized Instant decidedAt() {
        return decidedAt;
    }

    /** Set when an approval came after the timeout: the identical statement passes once until then. */
    public synchronized Instant preAuthorisedUntil() {
        return preAuthorisedUntil;
    }

    /**
     * PENDING → {@code to}; false (and nothing changes) when the hold was already decided. {@code record} runs
     * after the change and before the session learns of it: an approval is on record before anything is
     * forwarded.
     */
    boolean finish(HoldState to, String by, String why, Instant at, Runnable record) {
        synchronized (this) {
            if (state != HoldState.PENDING) {
                return false;
            }
            state = to;
            decidedBy = by;
            reason = why;
            decidedAt = at;
        }
        record.run();
        outcome.complete(to); // outside the lock: the session's continuation may run right here
        return true;
    }

    synchronized void preAuthorised(String by, Instant until) {
        decidedBy = by;
        preAuthorisedUntil = until;
    }
}
