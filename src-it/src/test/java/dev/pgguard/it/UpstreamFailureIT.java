package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database behind pgguard fails: it is not there at all, it accepts TCP but never answers, or it goes away
 * in the middle of a session. The client always gets an error in bounded time, never a hang, and pgguard goes on
 * serving new sessions.
 */
class UpstreamFailureIT {

    /** In front of the shared, healthy upstream, for the mid-session failures. */
    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A loaded 2-core machine: SCRAM on both ends plus scheduling. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    @Test
    void upstreamPortClosed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (PgGuardExtension guard = PgGuardExtension.builder().upstream("127.0.0.1", closedPort).connectTimeout("2s")
                .build().start()) {
            assertCannotConnect(guard, "closed port");
            assertEquals(0, guard.server().openSessions());
        }
    }

    /**
     * An upstream that completes the TCP handshake (the kernel does it from the backlog) but never says a word:
     * only pgguard's connect_timeout can end the wait.
     */
    @Test
    void upstreamAcceptsButNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             PgGuardExtension guard = PgGuardExtension.builder().upstream("127.0.0.1", silent.getLocalPort())
                     .connectTimeout("2s").build().start()) {
            Duration took = assertCannotConnect(guard, "silent upstream");
            assertTrue(took.compareTo(CONNECT_TIMEOUT.minusMillis(200)) >= 0,
                    "the timeout, not something else, ended it: " + took);
        }
    }

    @Test
    void upstreamBackendTerminatedMidSession() throws Exception {
        String appName = "it-victim-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection victim = pgguard.connect("ApplicationName=" + appName);
             Connection direct = UpstreamPostgres.get().connectDirect()) {
            assertAlive(victim);
            int upstreamPid = Integer.parseInt(scalar(victim, "SELECT pg_backend_pid()"));
            Integer seen = pidOf(direct, appName);
            assertNotNull(seen, "the proxied session's upstream backend is in pg_stat_activity");
            assertEquals(upstreamPid, seen.intValue());

            assertEquals("t", scalar(direct, "SELECT pg_terminate_backend(" + upstreamPid + ")"),
                    "pg_terminate_backend succeeded");
            awaitGone(direct, appName);

            SQLException e = assertThrows(SQLException.class, () -> scalar(victim, "SELECT 1"));
            System.out.println("[UpstreamFailureIT] next statement after the backend died: " + e.getSQLState()
                    + " " + e.getMessage());
            String state = String.valueOf(e.getSQLState());
            assertTrue(state.startsWith("08") || state.equals("57P01"), "connection-class SQLSTATE, got: " + e);
            assertFalse(victim.isValid(2), "the proxied connection is closed");

            try (Connection fresh = pgguard.connect("ApplicationName=" + appName + "-after")) {
                assertAlive(fresh);
                assertEquals(Integer.valueOf(scalar(fresh, "SELECT pg_backend_pid()")), pidOf(direct, appName + "-after"));
            }
        }
        assertEquals(0, pgguard.awaitOpenSessions(0, Duration.ofSeconds(5)), "pgguard's open sessions");
    }

    /** The backend dies while a statement runs: the client gets the error at once, not at its next statement. */
    @Test
    void upstreamBackendTerminatedDuringAStatement() throws Exception {
        String appName = "it-busy-victim-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection victim = pgguard.connect("ApplicationName=" + appName);
             Connection direct = UpstreamPostgres.get().connectDirect()) {
            Thread killer = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        Integer pid = pidOf(direct, appName, true);
                        if (pid != null) {
                            scalar(direct, "SELECT pg_terminate_backend(" + pid + ")");
                            return;
                        }
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "killer");
            killer.start();
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> scalar(victim, "SELECT pg_sleep(30)"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            killer.join(10_000);
            String state = String.valueOf(e.getSQLState());
            assertTrue(state.startsWith("08") || state.equals("57P01"), "connection-class SQLSTATE, got: " + e);
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "the sleep was cut short: " + took);
            assertFalse(victim.isValid(2), "the proxied connection is closed");
        }
    }

    /**
     * pgguard cannot reach its upstream: connecting through it fails with 08006 "could not connect to the upstream
     * database" within connect_timeout and some slack. Returns how long the failure took.
     */
    private static Duration assertCannotConnect(PgGuardExtension guard, String what) {
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, guard::connect);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("[UpstreamFailureIT] " + what + ": failed after " + took.toMillis() + " ms: " + e);
        assertEquals("08006", e.getSQLState(), e::toString);
        assertTrue(e.getMessage().contains("could not connect to the upstream database"), e::getMessage);
        assertTrue(took.compareTo(CONNECT_TIMEOUT.plus(SLACK)) < 0, "failed after " + took);
        return took;
    }

    private static Integer pidOf(Connection direct, String appName) throws SQLException {
        return pidOf(direct, appName, false);
    }

    /** The pid of the upstream backend serving {@code appName} (with {@code activeOnly}: running a statement). */
    private static Integer pidOf(Connection direct, String appName, boolean activeOnly) throws SQLException {
        String sql = "SELECT pid FROM pg_stat_activity WHERE application_name = ?"
                + (activeOnly ? " AND state = 'active'" : "");
        try (PreparedStatement ps = direct.prepareStatement(sql)) {
            ps.setString(1, appName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static void awaitGone(Connection direct, String appName) throws Exception {
        for (int i = 0; i < 100 && pidOf(direct, appName) != null; i++) {
            Thread.sleep(50);
        }
        assertEquals(null, pidOf(direct, appName), "the terminated backend is gone");
    }
}
