package dev.pgguard.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's writer: callers {@link #append} records from any thread without blocking; one writer thread
 * takes everything queued, renders it, writes it with one write call, fsyncs once if the batch needs it (group
 * commit) and then completes the records' futures. Sequence numbers and hashes are given by the writer thread in
 * queue order.
 *
 * <p>States (README.md, "Failure"): {@code OK} → {@code FAILED} when a write, fsync or rotation fails: every
 * queued and later append fails with {@link AuditUnavailableException} at once, and every
 * {@link #RETRY_INTERVAL} the writer reopens the log the way {@link #open} does; when that works it writes an
 * {@code audit.resumed} record (why it failed, since when, how many appends it refused) and is {@code OK} again.
 * {@link #close} → {@code CLOSED}, from either.
 *
 * <p>Futures complete on the writer thread: callbacks must hand off (to the session's event loop) and never
 * block, or they hold up every other record.
 */
public final class AuditWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    /** How often a failed writer tries to open the log again. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** Under durable-records, batched records are fsynced at the latest this long after they were written. */
    static final long MAX_UNSYNCED_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Records per batch at most: bounds the time before the first futures of a burst complete. */
    static final int MAX_BATCH = 8192;
    /**
     * How long the writer sleeps between batches when no durable record wakes it: appenders of batched records
     * (every allowed statement, on the relay's event loops) never wake it, which would cost a futex call each;
     * the writer collects what came in meanwhile and writes it as one batch.
     */
    static final long GROUP_COMMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** @param done completed once written; null when nobody waits ({@link #offer}) */
    private record Pending(AuditRecord record, Instant time, CompletableFuture<Void> done) {
    }

    private record State(AuditHealth.Status status, String reason, Instant since) {
    }

    /**
     * Lock files this JVM holds. The file lock keeps other processes out; within one process a second open must
     * not even open the lock file, because closing any channel on it releases the process's lock (POSIX).
     */
    private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

    /** Put by close(): the writer stops after the records before it. */
    private static final Pending STOP = new Pending(null, null, null);

    private final AuditSettings settings;
    private final Clock clock;
    private final Duration retryInterval;
    private final ArrayBlockingQueue<Pending> queue;
    private final Counters counters = new Counters();
    private final AuditUnavailableException queueFull;
    private final AuditUnavailableException closedException = AuditUnavailableException.closed();
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread thread;

    // Read by any thread, written by the writer thread (and by open before it starts).
    private volatile State state;
    private volatile AuditUnavailableException failure;
    private volatile long acknowledgedSeq;
    private volatile String acknowledgedHash;
    private volatile boolean closing;
    private volatile boolean finished;

    // The writer thread's own.
    private LiveFile file;
    private long callerRecords;
    private long rejectedBeforeFailure;
    private long nextRetryNanos;

    private AuditWriter(AuditSettings settings, Clock clock, Duration retryInterval) {
        this.settings = settings;
        this.clock = clock;
        this.retryInterval = retryInterval;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.queueFull = AuditUnavailableException.queueFull(settings.queueCapacity());
        this.lockFile = settings.directory().resolve(settings.fileName() + ".lock").toAbsolutePath().normalize();
        if (!LOCKED_HERE.add(lockFile)) {
            throw anotherWriter(lockFile);
        }
        FileChannel lockCh = null;
        try {
            Files.createDirectories(settings.directory());
            lockCh = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            this.lockChannel = lockCh;
            this.lock = lock(lockCh, lockFile);
            start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(file);
            closeQuietly(lockCh);
            LOCKED_HERE.remove(lockFile);
            throw e instanceof AuditUnavailableException u ? u
                    : AuditUnavailableException.writeFailed("opening", settings.liveFile(), e);
        }
        this.thread = new Thread(this::run, "pgguard-audit-writer");
        thread.setDaemon(true);
    }

    /**
     * Opens the log in {@code settings.directory()}: continues the chain where the files end (reporting a torn
     * tail with {@code audit.recovered}), writes {@code audit.opened}, and starts the writer thread.
     *
     * @throws AuditUnavailableException if the log cannot be written (the message says why), or another process
     *                                   writes to it
     */
    public static AuditWriter open(AuditSettings settings, Clock clock) {
        return open(settings, clock, RETRY_INTERVAL);
    }

    static AuditWriter open(AuditSettings settings, Clock clock, Duration retryInterval) {
        AuditWriter w = new AuditWriter(settings, clock, retryInterval);
        w.thread.start();
        return w;
    }

    private static FileLock lock(FileChannel ch, Path lockFile) throws IOException {
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            throw anotherWriter(lockFile);
        }
        return l;
    }

    private static AuditUnavailableException anotherWriter(Path lockFile) {
        return new AuditUnavailableException(AuditUnavailableException.Reason.WRITE_FAILED,
                "audit log unavailable: another writer has it open (" + lockFile + " is locked)", null);
    }

    /** Synchronously, on the opening thread: a log that cannot be written fails open(), not the first append. */
    private void start() throws IOException {
        file = LiveFile.open(settings, clock, counters, 0, Sha256.GENESIS);
        Instant now = clock.instant();
        file.rotateIfNewDay(now);
        file.append(AuditRecord.writerRecord(AuditEvent.AUDIT_OPENED)
                .put(AuditFields.FILE, settings.fileName())
                .put(AuditFields.PREVIOUS_END, file.previousEnd())
                .put(AuditFields.PID, ProcessHandle.current().pid())
                .put(AuditFields.SETTINGS, settingsRecord())
                .build(), now);
        file.write();
        if (settings.fsync() != FsyncPolicy.NEVER) {
            file.force();
        }
        acknowledge();
        state = new State(AuditHealth.Status.OK, null, now);
    }

    private Map<String, ?> settingsRecord() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fsync", settings.fsync().id());
        m.put("rotate_size", settings.rotateSize());
        m.put("rotate_daily", settings.rotateDaily());
        m.put("queue_capacity", (long) settings.queueCapacity());
        m.put("on_failure", settings.onFailure().id());
        m.put("redact_literals", settings.redactLiterals());
        return m;
    }

    /**
     * Queues a record; never blocks. The future completes when the record is written, and fsynced if it is
     * {@link Durability#DURABLE} or the policy is {@code always} (never fsynced under {@code never}); it
     * completes exceptionally with {@link AuditUnavailableException} when the queue is full, the writer has
     * failed or is closed: the record is then not in the log.
     */
    public CompletableFuture<Void> append(AuditRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AuditUnavailableException refused = enqueue(record, done);
        return refused == null ? done : CompletableFuture.failedFuture(refused);
    }

    /**
     * Queues a record nobody waits for (every allowed statement's): as {@link #append}, without a future to
     * make and complete per record on the relay's hot path.
     *
     * @return null when queued, else why the record is not in the log
     */
    public AuditUnavailableException offer(AuditRecord record) {
        return enqueue(record, null);
    }

    private AuditUnavailableException enqueue(AuditRecord record, CompletableFuture<Void> done) {
        Objects.requireNonNull(record, "record");
        if (closing) {
            return rejected(closedException);
        }
        AuditUnavailableException failed = failure;
        if (failed != null) {
            return rejected(failed);
        }
        Pending p = new Pending(record, clock.instant(), done);
        if (!queue.offer(p)) {
            return rejected(queueFull);
        }
        // close() may have finished between the check above and the offer: nobody would take the record.
        if (finished && queue.remove(p)) {
            return rejected(closedException);
        }
        if (record.durability() == Durability.DURABLE || settings.fsync() == FsyncPolicy.ALWAYS) {
            LockSupport.unpark(thread); // someone waits for this one: write it now
        }
        return null;
    }

    private AuditUnavailableException rejected(AuditUnavailableException e) {
        counters.rejected.increment();
        return e;
    }

    /** Whether the writer writes (not failed, not closed): a volatile read, asked for every statement. */
    public boolean writing() {
        return failure == null && !closing;
    }

    /** The writer's state, the reason if it failed, and the last record it knows to be written. */
    public AuditHealth health() {
        State s = state;
        return new AuditHealth(s.status(), s.reason(), s.since(), acknowledgedSeq, acknowledgedHash);
    }

    public AuditCounters counters() {
        return counters.snapshot(queue.size());
    }

    // ---------------------------------------------------------------- the writer thread

    private void run() {
        List<Pending> batch = new ArrayList<>(Math.min(MAX_BATCH, settings.queueCapacity()));
        try {
            while (true) {
                Pending first = queue.poll();
                if (first == null) {
                    idle();
                    LockSupport.parkNanos(this, Math.min(pollNanos(), GROUP_COMMIT_NANOS));
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                // STOP comes only after close() set closing: no scan of every batch for it until then
                int stop = closing ? indexOfStop(batch) : -1;
                if (stop >= 0) {
                    write(batch.subList(0, stop));
                    reject(batch.subList(stop + 1, batch.size()), closedException);
                    finish();
                    return;
                }
                long started = System.nanoTime();
                write(batch);
                boolean full = batch.size() >= MAX_BATCH;
                batch.clear();
                // Under a steady stream of records the poll never times out: retry from here too.
                if (failure != null && System.nanoTime() - nextRetryNanos >= 0) {
                    resume();
                }
                if (!full) {
                    gather(started);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed("writing", e);
            finish();
        } catch (Throwable e) {
            // A bug must not leave appenders waiting forever: everything fails, loudly.
            log.error("audit writer thread died", e);
            failed("writing", e);
            finish();
        }
    }

    /**
     * Group commit: after a batch, wait out the rest of {@link #GROUP_COMMIT_NANOS} so that the next batch
     * gathers what comes in meanwhile. Without it a steady stream of batched records keeps the writer going
     * round with a handful of records per write (measured: ~13 records and 2,700 write calls per second at
     * 36k statements/s, 1.7 µs of kernel time per record); 10 ms rather than 2 cut the writer's CPU under
     * pgbench by a quarter (fewer wake-ups, larger writes). A durable record (or close) unparks the writer, so
     * it never waits here.
     */
    private void gather(long batchStarted) {
        long rest = GROUP_COMMIT_NANOS - (System.nanoTime() - batchStarted);
        if (rest > 0) {
            LockSupport.parkNanos(this, rest);
        }
    }

    private static int indexOfStop(List<Pending> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == STOP) {
                return i;
            }
        }
        return -1;
    }

    private long pollNanos() {
        if (failure != null) {
            return Math.max(0, nextRetryNanos - System.nanoTime());
        }
        if (file.dirty() && settings.fsync() == FsyncPolicy.DURABLE_RECORDS) {
            return Math.max(0, MAX_UNSYNCED_NANOS - file.nanosSinceForce());
        }
        return MAX_UNSYNCED_NANOS;
    }

    /** Nothing queued: retry a failed log, or fsync batched records that have waited long enough. */
    private void idle() {
        if (failure != null) {
            if (System.nanoTime() - nextRetryNanos >= 0) {
                resume();
            }
            return;
        }
        if (file.dirty() && settings.fsync() == FsyncPolicy.DURABLE_RECORDS
                && file.nanosSinceForce() >= MAX_UNSYNCED_NANOS) {
            try {
                file.force();
            } catch (IOException | RuntimeException e) {
                failed("fsyncing", e);
            }
        }
    }

    /** One batch: render all, one write, at most one fsync, then complete the futures in order. */
    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (failure != null) {
            reject(batch, failure);
            return;
        }
        try {
            file.rotateIfNewDay(clock.instant());
            boolean sync = settings.fsync() == FsyncPolicy.ALWAYS;
            for (Pending p : batch) {
                file.append(p.record(), p.time());
                sync |= p.record().durability() == Durability.DURABLE;
            }
            file.write();
            if (settings.fsync() != FsyncPolicy.NEVER
                    && (sync || file.nanosSinceForce() >= MAX_UNSYNCED_NANOS)) {
                file.force();
            }
        } catch (IOException | RuntimeException e) {
            failed("writing", e);
            reject(batch, failure);
            return;
        }
        acknowledge();
        callerRecords += batch.size();
        for (Pending p : batch) {
            if (p.done() != null) {
                p.done().complete(null);
            }
        }
    }

    private void acknowledge() {
        acknowledgedHash = file.writtenHash();
        acknowledgedSeq = file.writtenSeq();
    }

    private void reject(List<Pending> pending, AuditUnavailableException e) {
        for (Pending p : pending) {
            counters.rejected.increment();
            if (p.done() != null) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private void failed(String action, Throwable cause) {
        if (failure != null) {
            return;
        }
        AuditUnavailableException e = AuditUnavailableException.writeFailed(action, settings.liveFile(), cause);
        rejectedBeforeFailure = counters.rejected.sum();
        failure = e;
        state = new State(AuditHealth.Status.FAILED, e.getMessage(), clock.instant());
        nextRetryNanos = System.nanoTime() + retryInterval.toNanos();
        closeQuietly(file);
        String effect = settings.onFailure() == FailurePolicy.FAIL_CLOSED ? "refused" : "let through unrecorded";
        log.error("{}: statements that need a record are {} until it can write again; retrying every {} ms",
                e.getMessage(), effect, retryInterval.toMillis(), cause);
    }

    /**
     * Opens the log again as open() does (a torn tail is reported the same way); the chain continues from the
     * files, or from the last record written if the directory was emptied. The audit.resumed record says what
     * the log missed.
     */
    private void resume() {
        LiveFile reopened = null;
        try {
            reopened = LiveFile.open(settings, clock, counters, file.writtenSeq(), file.writtenHash());
            Instant now = clock.instant();
            reopened.rotateIfNewDay(now);
            State failedState = state;
            reopened.append(AuditRecord.writerRecord(AuditEvent.AUDIT_RESUMED)
                    .put(AuditFields.REASON, failedState.reason())
                    .put(AuditFields.FAILED_AT, Rfc3339.format(failedState.since()))
                    .put(AuditFields.REJECTED, counters.rejected.sum() - rejectedBeforeFailure)
                    .put(AuditFields.LAST_ACKNOWLEDGED_SEQ, acknowledgedSeq)
                    .build(), now);
            reopened.write();
            if (settings.fsync() != FsyncPolicy.NEVER) {
                reopened.force();
            }
            file = reopened;
            acknowledge();
            failure = null;
            state = new State(AuditHealth.Status.OK, null, now);
            log.warn("audit log writes again (it failed at {}: {})", failedState.since(), failedState.reason());
        } catch (IOException | RuntimeException e) {
            closeQuietly(reopened);
            nextRetryNanos = System.nanoTime() + retryInterval.toNanos();
            log.debug("audit log still unavailable: {}", e.toString());
        }
    }

    /** After STOP: audit.closed (if the log works), fsync whatever the policy, then nothing more. */
    private void finish() {
        Instant now = clock.instant();
        if (failure == null) {
            try {
                file.append(AuditRecord.writerRecord(AuditEvent.AUDIT_CLOSED)
                        .put(AuditFields.RECORDS, callerRecords)
                        .build(), now);
                file.write();
                file.force();
                acknowledge();
            } catch (IOException | RuntimeException e) {
                failed("closing", e);
            }
        }
        closeQuietly(file);
        state = new State(AuditHealth.Status.CLOSED, failure == null ? null : failure.getMessage(), now);
        finished = true;
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.removeIf(p -> p == STOP);
        reject(left, closedException);
    }

    /**
     * Writes everything queued, then audit.closed, fsyncs and stops the writer. Appends after this fail (closed).
     * Waits up to 30 s for the writer.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            // The writer keeps taking records, so a full queue makes room, unless it died or hangs on the disk.
            while (thread.isAlive() && !queue.offer(STOP, 100, TimeUnit.MILLISECONDS)
                    && System.nanoTime() - deadline < 0) {
                // retry
            }
            LockSupport.unpark(thread);
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                log.error("audit writer did not stop within {} s (a hung disk?)", CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                log.debug("releasing the audit lock: {}", e.toString());
            }
            closeQuietly(lockChannel);
            LOCKED_HERE.remove(lockFile);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {}: {}", c, e.toString());
        }
    }
}
