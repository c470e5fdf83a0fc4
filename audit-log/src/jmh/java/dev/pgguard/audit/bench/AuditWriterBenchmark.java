package dev.pgguard.audit.bench;

import dev.pgguard.audit.AuditCounters;
import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFields;
import dev.pgguard.audit.AuditRecord;
import dev.pgguard.audit.AuditSettings;
import dev.pgguard.audit.AuditWriter;
import dev.pgguard.audit.Durability;
import dev.pgguard.audit.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Sustained append throughput of the audit writer to a real file, in records per second, with group commit.
 *
 * <p>Each benchmark thread is a session appending statement records of about 400 bytes (a
 * {@code statement.allowed} as the proxy writes it) and keeping at most {@link Window#SIZE} of them in flight:
 * before reusing a slot it waits for the future it holds, so the rate measured is the rate at which the writer
 * writes, not the rate at which the queue fills. {@code durablePercent} of the records are
 * {@link Durability#DURABLE} (every hundredth for 1): each batch that holds one is fsynced.
 *
 * <p>The files go to {@code -Daudit.bench.dir} (default: the temp dir), rotate at 100 MB as by default; rotated
 * files are deleted after each iteration. Run: {@code bench/audit-bench.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class AuditWriterBenchmark {

    /** Percent of records that are DURABLE: 0 (all batched) or 1. */
    @Param({"0", "1"})
    public int durablePercent;

    /** The fsync policy: durable-records (the default), always, never. */
    @Param({"durable-records"})
    public String fsync;

    AuditWriter writer;
    private Path dir;
    private AuditCounters atIterationStart;
    private long iterationStartNanos;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path base = Path.of(System.getProperty("audit.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "audit-bench-");
        writer = AuditWriter.open(AuditSettings.DEFAULTS.withDirectory(dir).withFsync(FsyncPolicy.byId(fsync)),
                Clock.systemUTC());
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        atIterationStart = writer.counters();
        iterationStartNanos = System.nanoTime();
    }

    /** What the writer did in the iteration: the group-commit factor and the fsync rate. */
    @TearDown(Level.Iteration)
    public void endIteration() throws IOException {
        AuditCounters now = writer.counters();
        double seconds = (System.nanoTime() - iterationStartNanos) / 1e9;
        long records = now.records() - atIterationStart.records();
        long batches = now.batches() - atIterationStart.batches();
        long bytes = now.bytes() - atIterationStart.bytes();
        System.out.printf(Locale.ROOT, "  writer: %.0f records/s, %.1f MB/s (%.0f B/record), %.0f batches/s (%.1f"
                        + " records per batch), %.0f fsyncs/s, %d rejected%n", records / seconds, bytes / seconds / 1e6,
                records == 0 ? 0.0 : (double) bytes / records, batches / seconds,
                batches == 0 ? 0.0 : (double) records / batches, (now.fsyncs() - atIterationStart.fsyncs()) / seconds,
                now.rejected() - atIterationStart.rejected());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("audit-")).toList()) {
                Files.delete(p);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        writer.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** One session: its records (precomputed, distinct literals) and its window of futures in flight. */
    @State(Scope.Thread)
    public static class Window {
        /**
         * More than the writer's batch limit (8192), so that under load it writes full batches back to back, as
         * with many sessions: a smaller window would measure the group-commit wait (10 ms after each batch that
         * is not full, AuditWriter.gather), not the writer.
         */
        static final int SIZE = 16384;
        static final int RECORDS = 1024;
        final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[SIZE];
        AuditRecord[] records;
        int slot;
        int next;

        @Setup(Level.Trial)
        public void setUp(AuditWriterBenchmark bench, ThreadParams thread) {
            SplittableRandom random = new SplittableRandom(42 + thread.getThreadIndex());
            records = new AuditRecord[RECORDS];
            for (int i = 0; i < RECORDS; i++) {
                boolean durable = bench.durablePercent > 0 && i % (100 / bench.durablePercent) == 0;
                records[i] = statement(thread.getThreadIndex(), i, random, durable);
            }
        }

        @TearDown(Level.Iteration)
        public void drain() {
            for (CompletableFuture<?> f : inFlight) {
                if (f != null) {
                    f.join();
                }
            }
        }
    }

    /** A statement.allowed record as the proxy writes it; about 400 bytes once rendered. */
    static AuditRecord statement(int session, int n, SplittableRandom random, boolean durable) {
        return AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED)
                .put(AuditFields.SESSION, Integer.toHexString(0x1f00 + session))
                .put(AuditFields.AGENT, "cursor-ci")
                .put(AuditFields.CLIENT, "10.0.3.17:" + (40000 + session))
                .put(AuditFields.DATABASE, "app")
                .put(AuditFields.ENVIRONMENT, "staging")
                .put(AuditFields.PROTOCOL, "extended")
                .put(AuditFields.QUERY, (long) n)
                .put(AuditFields.SQL, "SELECT id, email FROM users WHERE email = 'user" + random.nextInt(1_000_000)
                        + "@example.com'")
                .put(AuditFields.FINGERPRINT, "9f2c41d07be3a815")
                .put(AuditFields.KINDS, List.of("SELECT"))
                .put(AuditFields.TABLES, List.of("users"))
                .durability(durable ? Durability.DURABLE : Durability.BATCHED)
                .build();
    }

    @Benchmark
    public void append(Window w) {
        CompletableFuture<?> old = w.inFlight[w.slot];
        if (old != null) {
            old.join();
        }
        w.inFlight[w.slot] = writer.append(w.records[w.next]);
        w.slot = (w.slot + 1) % Window.SIZE;
        w.next = (w.next + 1) % Window.RECORDS;
    }
}
