package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.process.RawPgClient;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.pgguard.proxy.PgGuardServer#shutdown()} with a 1 s drain period: the listener closes at once, open
 * sessions may go on during the drain, and those still open after it get 57P01 and are closed.
 */
class ShutdownIT {

    private static final Duration DRAIN = Duration.ofSeconds(1);

    @Test
    void drainsThenEndsOpenSessionsWith57P01() throws Exception {
        PgGuardExtension guard = PgGuardExtension.builder().drainPeriod("1s").build().start();
        InetSocketAddress address = guard.address();
        InetSocketAddress admin = guard.server().adminAddress();
        try (Connection idle = guard.connect("ApplicationName=shutdown-idle");
             Connection busy = guard.connect("ApplicationName=shutdown-busy");
             RawPgClient raw = RawPgClient.connect(address, 15_000)) {
            raw.login(PgGuardExtension.AGENT, PgGuardExtension.AGENT_PASSWORD, UpstreamPostgres.get().database());
            assertAlive(idle);
            assertAlive(busy);
            assertEquals(3, guard.server().openSessions());

            // A statement that is still running when the drain ends.
            CompletableFuture<SQLException> busyOutcome = CompletableFuture.supplyAsync(() -> {
                try {
                    scalar(busy, "SELECT pg_sleep(20)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300); // let the sleep reach the server

            long t0 = System.nanoTime();
            CompletableFuture<Void> stopped = guard.server().shutdown();

            // Refused right away: the listener is closed.
            assertThrows(java.io.IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(address, 2_000);
                }
            }, "new connections are refused during the drain");
            SQLException refused = assertThrows(SQLException.class, guard::connect);
            assertTrue(String.valueOf(refused.getSQLState()).startsWith("08"), refused::toString);

            // The admin port says so while draining.
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + admin.getHostString() + ":" + admin.getPort()
                            + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health::body);
            assertTrue(health.body().contains("draining"), health::body);

            // Still inside the drain, the idle session can still work (only asserted if the machine kept up).
            Duration sinceShutdown = Duration.ofNanos(System.nanoTime() - t0);
            if (sinceShutdown.compareTo(DRAIN.dividedBy(2)) < 0) {
                assertAlive(idle);
            } else {
                System.out.println("[ShutdownIT] in-drain check skipped: " + sinceShutdown.toMillis()
                        + " ms of the 1000 ms drain already gone");
            }

            // The raw client sees exactly what pgguard sends when the drain ends: 57P01, then the close.
            Map<Character, String> error = raw.readError();
            Duration rawEnded = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals("57P01", error.get('C'), error::toString);
            assertEquals("FATAL", error.get('V'), error::toString);
            assertTrue(raw.closedByServer(), "closed after the 57P01");
            assertTrue(rawEnded.compareTo(DRAIN.minusMillis(100)) >= 0, "not before the drain ended: " + rawEnded);

            SQLException busyError = busyOutcome.get(15, TimeUnit.SECONDS);
            assertTrue(busyError != null, "the running pg_sleep(20) did not complete normally");
            assertEquals("57P01", busyError.getSQLState(), busyError::toString);

            SQLException idleError = assertThrows(SQLException.class, () -> scalar(idle, "SELECT 1"));
            assertEquals("57P01", idleError.getSQLState(), idleError::toString);
            assertFalse(idle.isValid(2));

            stopped.get(15, TimeUnit.SECONDS);
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("[ShutdownIT] shutdown complete after " + total.toMillis() + " ms; raw client got 57P01 after "
                    + rawEnded.toMillis() + " ms");
            assertEquals(0, guard.server().openSessions());

            // The client was told its connection is terminated: the statement must not go on upstream (it would
            // if pgguard only closed the socket; PostgreSQL does not notice that while it executes).
            try (Connection direct = UpstreamPostgres.get().connectDirect()) {
                long stillRunning = -1;
                for (int i = 0; i < 50 && stillRunning != 0; i++) {
                    stillRunning = Long.parseLong(scalar(direct, "SELECT count(*) FROM pg_stat_activity"
                            + " WHERE application_name = 'shutdown-busy' AND state = 'active'"));
                    Thread.sleep(100);
                }
                assertEquals(0, stillRunning, "pg_sleep(20) still running upstream after shutdown");
            }
        } finally {
            guard.close();
        }
    }

    /** With no session open, shutdown does not wait for the drain period. */
    @Test
    void shutdownWithoutSessionsCompletesPromptly() throws Exception {
        PgGuardExtension guard = PgGuardExtension.builder().drainPeriod("10s").build().start();
        try (Connection c = guard.connect()) {
            assertAlive(c);
        }
        guard.awaitOpenSessions(0, Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        guard.server().shutdown().get(15, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "no session to drain, yet it took " + took);
        guard.close();
    }
}
