package dev.pgguard.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.pgguard.config.AuditConfig;
import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the audit files to a PostgreSQL table (README.md, "The audit table"). The files stay the source of truth:
 * a thread of its own reads them in chain order and inserts every complete record after the table's last one, in
 * batches, one transaction each, {@code ON CONFLICT (seq) DO NOTHING} so that a retried batch is harmless. The
 * writer and the statements it records never wait for it: an outage of the audit database loses nothing, the
 * shipper catches up from the files when it is back, and a restart resumes from the table's highest seq.
 *
 * <p>States ({@link AuditTableHealth.Status}), each change logged once: {@code STARTING} → {@code OK} once the
 * table is there and its last record known; {@code OK}/{@code STARTING} → {@code RETRYING} when the database or
 * the files fail (one WARN; a try every retry interval) → {@code OK} when it works again (one INFO once caught
 * up); any → {@code STOPPED} when the table cannot continue this log (one ERROR; nothing more is shipped until
 * pgguard restarts); any → {@code CLOSED}.
 */
public final class AuditTableSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditTableSink.class);

    /** How often the live file is looked at: a size compared with a position when nothing changed. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** How long close lets the shipper catch up with the last records (audit.closed among them). */
    static final Duration FINAL_CATCH_UP = Duration.ofSeconds(5);

    private record State(AuditTableHealth.Status status, String error, Instant since) {
    }

    private final AuditTable table;
    private final HikariDataSource pool;
    private final FileFollower follower;
    private final TableChain chain;
    private final int batchSize;
    private final LongSupplier writtenSeq;
    private final Duration pollInterval;
    private final Duration retryInterval;
    private final Thread thread;
    private volatile State state = new State(AuditTableHealth.Status.STARTING, null, Instant.now());
    private volatile long shippedSeq;
    private volatile boolean closing;
    private volatile long closeDeadline;
    // the shipper thread's own
    private boolean connected;
    private String announce = "shipping the audit files";

    private AuditTableSink(AuditConfig.Table config, AuditFiles files, LongSupplier writtenSeq, Duration pollInterval,
                           Duration retryInterval) {
        this.pool = AuditDatabase.pool(config.connection());
        this.table = new AuditTable(pool, config.name());
        this.follower = new FileFollower(files);
        this.chain = new TableChain(config.name(), files.directory());
        this.batchSize = config.batchSize();
        this.writtenSeq = writtenSeq;
        this.pollInterval = pollInterval;
        this.retryInterval = retryInterval;
        this.thread = new Thread(this::run, "pgguard-audit-table");
        thread.setDaemon(true);
    }

    /**
     * Starts shipping the log in {@code settings}' directory to the table; connects in the background, so this
     * neither fails nor waits when the audit database is down.
     *
     * @param writtenSeq the writer's last seq ({@code AuditHealth.lastSeq}), for the lag
     */
    public static AuditTableSink start(AuditConfig.Table config, AuditSettings settings, LongSupplier writtenSeq) {
        return start(config, settings.files(), writtenSeq, POLL_INTERVAL,
                RETRY_INTERVAL);
    }

    /** With other intervals: tests. */
    static AuditTableSink start(AuditConfig.Table config, AuditFiles files, LongSupplier writtenSeq,
                                Duration pollInterval, Duration retryInterval) {
        AuditTableSink sink = new AuditTableSink(config, files, writtenSeq, pollInterval, retryInterval);
        log.info("audit table {}: shipping {} to {}:{}/{} in batches of up to {}", config.name(), files.directory(),
                config.connection().host(), config.connection().port(), config.connection().database().orElseThrow(),
                config.batchSize());
        sink.thread.start();
        return sink;
    }

    public AuditTableHealth health() {
        State s = state;
        long shipped = shippedSeq;
        return new AuditTableHealth(s.status(), table.name(), shipped, Math.max(0, writtenSeq.getAsLong() - shipped),
                s.error(), s.since());
    }

    private void run() {
        while (true) {
            boolean last = closing; // a close during this pass still gets one more
            try {
                pass();
            } catch (SQLException e) {
                failed("the audit database failed: " + describe(e));
            } catch (IOException e) {
                failed("the audit files cannot be read: " + e.getMessage());
            } catch (ChainMismatchException e) {
                stopped(e.getMessage(), null);
                return;
            } catch (RuntimeException | Error e) {
                stopped("audit table " + table.name() + ": shipping stopped on an unexpected error: " + e, e); // never a silent death of the thread
                return;
            }
            if (last) {
                return;
            }
            Duration wait = state.status() == AuditTableHealth.Status.RETRYING ? retryInterval : pollInterval;
            LockSupport.parkNanos(this, wait.toNanos());
        }
    }

    /** Connects if needed, then ships everything the files have after the table's last record. */
    private void pass() throws SQLException, IOException, ChainMismatchException {
        if (!connected) {
            table.prepare();
            if (chain.reset(table.last())) {
                follower.restart();
            }
            shippedSeq = chain.committedSeq();
            connected = true;
            setState(AuditTableHealth.Status.OK, null);
            commit(); // what a failed batch left
        }
        while (true) {
            if (closing && System.nanoTime() - closeDeadline > 0) {
                return;
            }
            List<FileFollower.Line> lines = follower.next(batchSize - chain.pendingCount(), chain.acceptedSeq());
            if (lines.isEmpty()) {
                break;
            }
            for (FileFollower.Line line : lines) {
                offer(line);
            }
            if (chain.pendingCount() >= batchSize) {
                commit();
            }
        }
        commit();
        chain.endOfFiles();
        if (announce != null) {
            log.info("audit table {}: {}; caught up at seq {}", table.name(), announce, shippedSeq);
            announce = null;
        }
    }

    private void offer(FileFollower.Line line) throws ChainMismatchException {
        if (line.bytes() == null) {
            torn(line, "longer than the " + LineReader.MAX_LINE / (1024 * 1024) + " MB a line may have");
            return;
        }
        AuditLine record;
        try {
            record = AuditLine.parse(line.bytes(), 0, line.bytes().length);
        } catch (AuditLineException e) {
            torn(line, e.getMessage());
            return;
        }
        chain.offer(record, line.bytes(), line.file(), line.number());
    }

    /**
     * A line that is not an intact record is not shipped: the table holds records only. The log itself says
     * what happened (an audit.recovered record after torn bytes), and pgguard audit verify reports the line.
     */
    private void torn(FileFollower.Line line, String why) {
        if (chain.reached()) {
            log.warn("audit table {}: not shipping {} line {}: not an intact audit record ({}); pgguard audit verify "
                    + "reports it", table.name(), line.file(), line.number(), why);
        } else {
            log.debug("audit table {}: {} line {} is not a record ({}), before the table's end", table.name(),
                    line.file(), line.number(), why);
        }
    }

    private void commit() throws SQLException {
        if (chain.pendingCount() > 0) {
            table.insert(chain.pending());
            chain.committed();
            shippedSeq = chain.committedSeq();
        }
    }

    private void failed(String why) {
        connected = false;
        if (state.status() != AuditTableHealth.Status.RETRYING) {
            log.warn("audit table {}: {}. Nothing is lost: the records wait in the audit files and are shipped when "
                    + "it works again (retrying every {} ms)", table.name(), why, retryInterval.toMillis());
            announce = "working again";
        } else {
            log.debug("audit table {}: still failing: {}", table.name(), why);
        }
        setState(AuditTableHealth.Status.RETRYING, why);
    }

    private void stopped(String why, Throwable e) {
        log.error(why, e); // why names the table
        setState(AuditTableHealth.Status.STOPPED, why);
    }

    private void setState(AuditTableHealth.Status status, String error) {
        State s = state;
        state = new State(status, error, s.status() == status ? s.since() : Instant.now());
    }

    /**
     * The part worth reading: why Hikari could make no connection is its timeout's cause; why a batch failed is
     * the batch exception's next one.
     */
    private static String describe(SQLException e) {
        Throwable why = e instanceof SQLTransientConnectionException && e.getCause() != null ? e.getCause()
                : e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String state = why instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLSTATE " + sql.getSQLState() + ")" : "";
        return why.getMessage() + state;
    }

    /**
     * Lets the shipper catch up with the last records for up to {@link #FINAL_CATCH_UP} (the writer is closed
     * first, so they include audit.closed), then stops it. What is left is shipped at the next start.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closeDeadline = System.nanoTime() + FINAL_CATCH_UP.toNanos();
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(FINAL_CATCH_UP.toMillis() + TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        long lag = health().lagRecords();
        setState(AuditTableHealth.Status.CLOSED, state.error());
        if (lag > 0) {
            log.info("audit table {}: closed at seq {}; {} record(s) are not in it yet: they are in the audit files "
                    + "and are shipped at the next start", table.name(), shippedSeq, lag);
        } else {
            log.info("audit table {}: closed at seq {}", table.name(), shippedSeq);
        }
    }
}
