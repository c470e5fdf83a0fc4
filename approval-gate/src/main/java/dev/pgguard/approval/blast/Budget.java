package dev.pgguard.approval.blast;

import java.sql.SQLTimeoutException;
import java.time.Duration;

/** The time a measurement has left, counted from the request (time spent queueing for a worker counts). */
final class Budget {

    private final long startNanos;
    private final long deadlineNanos;

    /** Starts now. */
    Budget(Duration timeout) {
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + timeout.toNanos();
    }

    long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** What is left, at least 1 ms: PostgreSQL reads a statement_timeout of 0 as "none". */
    long remainingMillis() {
        return Math.max(1, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    /** Called between queries: nothing new starts once the caller has been answered with TIMEOUT. */
    void check() throws SQLTimeoutException {
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw new SQLTimeoutException("the time budget ran out");
        }
    }
}
