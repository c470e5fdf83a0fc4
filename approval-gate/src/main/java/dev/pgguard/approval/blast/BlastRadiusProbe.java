package dev.pgguard.approval.blast;

import dev.pgguard.approval.control.ControlPools;
import dev.pgguard.approval.control.DaemonThreads;
import dev.pgguard.approval.control.SqlErrors;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.config.UpstreamConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the blast radius of held messages through pgguard's own control connections
 * ({@link ControlPools}), on threads of its own, each measurement time-boxed.
 *
 * <p>{@link #measure} never blocks its caller (a session's event loop): the work is queued, and the answer is
 * a future that completes, never exceptionally, with OK, ERROR or — when the budget runs out first,
 * whatever the workers are doing — TIMEOUT. It completes on a probe thread, or for a timeout on the JDK's
 * delay thread: whoever acts on it hops to their own executor.
 */
public final class BlastRadiusProbe implements AutoCloseable {

    /** Two connections per database; four workers keep two databases busy at once. */
    private static final int WORKERS = 4;
    /** Holds arrive at human pace; a queue this long means the database is not answering. */
    private static final int QUEUE = 64;

    private static final Logger log = LoggerFactory.getLogger(BlastRadiusProbe.class);

    private final Duration timeout;
    private final UpstreamConfig upstream;
    private final ControlPools pools;
    private final ThreadPoolExecutor workers;

    /**
     * @param upstream the guarded database: its address and pgguard's own credentials for it (never an agent's)
     * @param pools    pgguard's control connections to it; the caller closes them, after this probe
     * @param timeout  the budget of each measurement ({@code approvals.blast_radius_timeout})
     */
    public BlastRadiusProbe(UpstreamConfig upstream, ControlPools pools, Duration timeout) {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        this.upstream = upstream;
        this.pools = pools;
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), DaemonThreads.named("pgguard-blast"));
        workers.allowCoreThreadTimeOut(true);
    }

    /**
     * What running {@code statements} in {@code database} would touch: the client's database, unless the
     * upstream configuration pins one (then that is where the statement would run). Bind parameters are not
     * substituted: a statement with {@code $n} gets no row estimate.
     */
    public CompletableFuture<BlastRadius> measure(String database, List<ClassifiedStatement> statements) {
        Objects.requireNonNull(database, "database");
        database = upstream.database().orElse(database);
        Budget budget = new Budget(timeout);
        CompletableFuture<BlastRadius> result = new CompletableFuture<>();
        long budgetMs = timeout.toMillis();
        result.completeOnTimeout(BlastRadius.timeout(budgetMs, timeoutNote()), budgetMs, TimeUnit.MILLISECONDS);
        try {
            workers.execute(new Task(database, List.copyOf(statements), budget, result));
        } catch (RejectedExecutionException e) {
            result.complete(BlastRadius.error(budget.elapsedMillis(), workers.isShutdown()
                    ? "the blast-radius probe is closed" : "too many measurements are waiting"));
        }
        return result;
    }

    /** Stops the workers; a measurement still queued is answered with ERROR. The pools stay open. */
    @Override
    public void close() {
        for (Runnable queued : workers.shutdownNow()) {
            if (queued instanceof Task task) {
                task.result.complete(
                        BlastRadius.error(task.budget.elapsedMillis(), "the blast-radius probe is closed"));
            }
        }
    }

    private String timeoutNote() {
        return "no figures within " + timeout.toMillis() + " ms (approvals.blast_radius_timeout)";
    }

    /** One queued measurement: the future it answers and the budget it started with. */
    private final class Task implements Runnable {

        private final String database;
        private final List<ClassifiedStatement> statements;
        private final Budget budget;
        private final CompletableFuture<BlastRadius> result;

        Task(String database, List<ClassifiedStatement> statements, Budget budget,
             CompletableFuture<BlastRadius> result) {
            this.database = database;
            this.statements = statements;
            this.budget = budget;
            this.result = result;
        }

        @Override
        public void run() {
            if (!result.isDone()) { // timed out while queued: no connection taken for nothing
                result.complete(measure());
            }
        }

        private BlastRadius measure() {
            try (Connection conn = pools.connection(database)) {
                return Measurement.run(conn, statements, budget);
            } catch (SQLException e) {
                if (SqlErrors.isTimeout(e)) {
                    return BlastRadius.timeout(budget.elapsedMillis(), timeoutNote());
                }
                String note = "the measurement failed: " + SqlErrors.describe(e);
                log.warn("blast radius in database {}: {}", database, note);
                return BlastRadius.error(budget.elapsedMillis(), note);
            } catch (RuntimeException e) {
                log.warn("blast radius in database {}: the measurement failed", database, e);
                return BlastRadius.error(budget.elapsedMillis(), "the measurement failed: " + e);
            }
        }
    }
}
