package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.process.PgGuardProcess;
import dev.pgguard.it.process.PrometheusText;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * A ~1 GB {@code COPY ... TO STDOUT} through pgguard running as its own process with its heap capped at 256 MB
 * (and exiting on OutOfMemoryError, so buffering the result would kill it): every byte arrives, pgguard lives on,
 * and its heap, sampled throughout, stays under the cap.
 */
@Timeout(300)
class CopyOutMemoryIT {

    private static final int ROWS = 1_000_000;
    private static final int PAD = 1000;
    private static final String COPY = "COPY (SELECT g, repeat('x', " + PAD + ") FROM generate_series(1, " + ROWS
            + ") g) TO STDOUT";
    private static final long HEAP_CAP = 256L * 1024 * 1024;

    /** pgguard's config and log; JUnit deletes it afterwards. */
    @TempDir
    static Path workDir;

    private static PgGuardProcess pgguard;

    @BeforeAll
    static void start() throws Exception {
        PgGuardProcess.assumeJarBuilt();
        pgguard = PgGuardProcess.startWithCappedHeap(workDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pgguard != null) {
            pgguard.close();
        }
    }

    @Test
    void oneGigabyteCopyOutStreamsThroughACappedHeap() throws Exception {
        long expectedBytes = expectedBytes();
        HeapSampler sampler = new HeapSampler(pgguard);
        sampler.start();
        CountingStream out = new CountingStream();
        long t0 = System.nanoTime();
        long copied;
        try (Connection c = pgguard.connect()) {
            copied = c.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY, out);
        } finally {
            sampler.stopSampling();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertEquals(ROWS, copied, "rows reported by COPY");
        assertEquals(expectedBytes, out.bytes.get(), "bytes received through pgguard");
        assertEquals(ROWS, out.newlines.get(), "lines received");
        assertTrue(pgguard.isAlive(), () -> "pgguard died during the COPY:\n" + log());
        assertEquals(200, pgguard.get("/health").statusCode(), "pgguard is healthy after the COPY");

        PrometheusText metrics = pgguard.metrics();
        double heapAfter = metrics.require("jvm_memory_used_bytes", "area=\"heap\"");
        double relayed = metrics.require("pgguard_relay_bytes_total", "direction=\"upstream_to_client\"");
        long rssPeakKb = pgguard.procStatusKb("VmHWM");
        System.out.printf("[CopyOutMemoryIT] %,d bytes in %.1f s through pgguard: %.0f MB/s (information only)%n",
                expectedBytes, seconds, expectedBytes / seconds / 1e6);
        System.out.printf("[CopyOutMemoryIT] pgguard heap used: %.1f MB after, %.1f MB peak of %d samples;"
                + " process peak RSS %s (information only)%n", heapAfter / 1e6, sampler.peak() / 1e6,
                sampler.samples(), rssPeakKb < 0 ? "unknown" : String.format("%.0f MB", rssPeakKb / 1024.0));
        assertTrue(relayed >= expectedBytes, "pgguard counted " + relayed + " bytes upstream→client");
        assertTrue(heapAfter < HEAP_CAP, "heap used after: " + heapAfter);
        assertTrue(sampler.samples() > 0, "the heap was sampled during the COPY");
        assertTrue(sampler.peak() < HEAP_CAP, "peak heap used: " + sampler.peak());
    }

    /** Each line: the digits of g, a tab, 1000 x, a newline. */
    static long expectedBytes() {
        long total = 0;
        for (int g = 1; g <= ROWS; g++) {
            total += String.valueOf(g).length() + 1 + PAD + 1;
        }
        return total;
    }

    private static String log() {
        try {
            return pgguard.logText();
        } catch (Exception e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static final class CountingStream extends OutputStream {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong newlines = new AtomicLong();

        @Override
        public void write(int b) {
            bytes.incrementAndGet();
            if (b == '\n') {
                newlines.incrementAndGet();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.addAndGet(len);
            long n = 0;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    n++;
                }
            }
            newlines.addAndGet(n);
        }
    }

    /** Reads pgguard's heap in use from /metrics every 250 ms while the COPY runs. */
    private static final class HeapSampler extends Thread {
        private final PgGuardProcess process;
        private volatile boolean running = true;
        private volatile double peak;
        private volatile int samples;

        HeapSampler(PgGuardProcess process) {
            super("heap-sampler");
            setDaemon(true);
            this.process = process;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    double used = process.metrics().require("jvm_memory_used_bytes", "area=\"heap\"");
                    peak = Math.max(peak, used);
                    samples++;
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a slow scrape under load: try again
                }
            }
        }

        void stopSampling() throws InterruptedException {
            running = false;
            join(15_000);
        }

        double peak() {
            return peak;
        }

        int samples() {
            return samples;
        }
    }
}
