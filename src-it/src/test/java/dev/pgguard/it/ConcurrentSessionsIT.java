package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.PgGuardProcess;
import dev.pgguard.it.process.PrometheusText;
import dev.pgguard.it.support.UpstreamPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 pgjdbc sessions held open at once through pgguard running as its own process with a 256 MB heap. Reports
 * the heap per idle session (measured after a full GC, forced through jcmd where the JDK has it).
 */
@Timeout(240)
class ConcurrentSessionsIT {

    private static final int SESSIONS = 500;
    private static final String APP = "it-concurrent-sessions";
    private static final double HEAP_CAP = 256.0 * 1024 * 1024;

    /** pgguard's config and log; JUnit deletes it afterwards. */
    @TempDir
    static Path workDir;

    private static PgGuardProcess pgguard;

    @BeforeAll
    static void start() throws Exception {
        PgGuardProcess.assumeJarBuilt();
        try (Connection c = UpstreamPostgres.get().connectDirect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('max_connections')::int"
                     + " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
                     + " - current_setting('superuser_reserved_connections')::int")) {
            rs.next();
            int free = rs.getInt(1);
            assumeTrue(free >= SESSIONS + 5, "the upstream has room for only " + free
                    + " more connections; this test needs " + (SESSIONS + 5) + " (max_connections=600 on the"
                    + " embedded and container upstreams)");
        }
        pgguard = PgGuardProcess.startWithCappedHeap(workDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pgguard != null) {
            pgguard.close();
        }
    }

    @Test
    void fiveHundredIdleSessions() throws Exception {
        // Warm up (classes, pools, the first SCRAM) so the baseline is not the cold JVM.
        try (Connection warm = pgguard.connect()) {
            assertEquals(1, selectOne(warm));
        }
        awaitSessionsOpen(0);
        boolean gc = pgguard.forceGc();
        double heapBefore = heapUsed();
        long rssBeforeKb = pgguard.procStatusKb("VmRSS");

        List<Connection> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        try {
            List<Future<Connection>> opening = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                opening.add(pool.submit(() -> {
                    Connection c = pgguard.connect("ApplicationName=" + APP);
                    assertEquals(1, selectOne(c));
                    return c;
                }));
            }
            for (Future<Connection> f : opening) {
                sessions.add(f.get(180, TimeUnit.SECONDS));
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;

            assertEquals(SESSIONS, (int) pgguard.metrics().require("pgguard_sessions_open"), "pgguard_sessions_open");
            try (Connection direct = UpstreamPostgres.get().connectDirect(); Statement st = direct.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                         + APP + "'")) {
                rs.next();
                assertEquals(SESSIONS, rs.getInt(1), "upstream backends, one per session");
            }
            // Every one of them still answers, all open at the same time.
            for (Connection c : sessions) {
                assertEquals(1, selectOne(c));
            }

            boolean gcAfter = pgguard.forceGc();
            double heapAfter = heapUsed();
            long rssKb = pgguard.procStatusKb("VmRSS");
            System.out.printf("[ConcurrentSessionsIT] %d sessions opened in %.1f s (8 client threads)%n",
                    SESSIONS, openSeconds);
            System.out.printf("[ConcurrentSessionsIT] heap used %.1f MB before, %.1f MB with %d sessions open%s;"
                    + " heap per idle session ≈ %.1f KB; process RSS %s (information only)%n",
                    heapBefore / 1e6, heapAfter / 1e6, SESSIONS, gc && gcAfter ? " (after a full GC each)"
                            : " (no forced GC: jcmd unavailable, includes garbage)",
                    (heapAfter - heapBefore) / SESSIONS / 1024,
                    rssKb < 0 || rssBeforeKb < 0 ? "unknown" : String.format("%.0f MB, %.0f MB before, ≈ %.1f KB per"
                            + " session (heap, direct buffers and native memory)", rssKb / 1024.0,
                            rssBeforeKb / 1024.0, (rssKb - rssBeforeKb) / (double) SESSIONS));
            assertTrue(heapAfter < HEAP_CAP, "heap used with " + SESSIONS + " sessions: " + heapAfter);
            assertTrue(pgguard.isAlive(), "pgguard is alive");
        } finally {
            pool.shutdownNow();
            for (Connection c : sessions) {
                c.close();
            }
        }
        long closing = System.nanoTime();
        awaitSessionsOpen(0);
        System.out.printf("[ConcurrentSessionsIT] all sessions gone from pgguard_sessions_open %.1f s after closing%n",
                (System.nanoTime() - closing) / 1e9);
    }

    private static int selectOne(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static double heapUsed() throws Exception {
        return pgguard.metrics().require("jvm_memory_used_bytes", "area=\"heap\"");
    }

    private static void awaitSessionsOpen(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        PrometheusText m = pgguard.metrics();
        while (m.require("pgguard_sessions_open") != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            m = pgguard.metrics();
        }
        assertEquals(expected, (int) m.require("pgguard_sessions_open"), "pgguard_sessions_open");
    }
}
