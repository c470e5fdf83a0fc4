package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.SqlAssertions;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * Cancellation through pgguard. The client only ever sees pgguard's BackendKeyData; a CancelRequest carrying it is
 * forwarded to the right upstream backend with the real key, and any other key is ignored.
 */
class CancelIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterAll
    static void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void statementCancelStopsPgSleep() throws Exception {
        for (String mode : new String[] {"extended", "simple"}) {
            try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
                SqlAssertions.Cancelled cancelled = SqlAssertions.cancelledSleep(st);
                SQLException e = cancelled.error();
                Duration took = cancelled.took();
                assertEquals("57014", e.getSQLState(), () -> mode + ": " + e);
                assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, mode + ": cancelled after " + took);
                assertAlive(c);
                try (ResultSet rs = st.executeQuery("SELECT 6 * 7")) {
                    rs.next();
                    assertEquals(42, rs.getInt(1), "the same statement works after the cancel");
                }
            }
        }
    }

    @Test
    void clientSeesPgguardsBackendKeyNotTheUpstreams() throws Exception {
        try (Connection c = pgguard.connect()) {
            int seenPid = c.unwrap(PGConnection.class).getBackendPID();
            int upstreamPid = Integer.parseInt(scalar(c, "SELECT pg_backend_pid()"));
            assertNotEquals(0, seenPid);
            assertNotEquals(upstreamPid, seenPid, "BackendKeyData is replaced by pgguard's own key");
        }
    }

    @Test
    void cancelRequestWithAWrongKeyIsIgnored() throws Exception {
        try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
            int proxyPid = c.unwrap(PGConnection.class).getBackendPID();
            int upstreamPid = Integer.parseInt(scalar(c, "SELECT pg_backend_pid()"));
            SecureRandom random = new SecureRandom();
            CompletableFuture<Void> forged = new CompletableFuture<>();
            scheduler.schedule(() -> {
                try {
                    // pgguard's pid with a wrong key, and the real upstream pid with a guessed key: neither cancels.
                    sendCancel(pgguard.address(), proxyPid, random.nextInt());
                    sendCancel(pgguard.address(), upstreamPid, random.nextInt());
                    forged.complete(null);
                } catch (Exception e) {
                    forged.completeExceptionally(e);
                }
            }, 500, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            try (ResultSet rs = st.executeQuery("SELECT pg_sleep(3), 'completed'")) {
                rs.next();
                assertEquals("completed", rs.getString(2));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            forged.get(5, TimeUnit.SECONDS);
            assertTrue(took.compareTo(Duration.ofMillis(2900)) >= 0, "the sleep ran its full course: " + took);
            assertAlive(c);
        }
    }

    /** A raw CancelRequest: its own short-lived connection, 16 bytes, no reply (the server just closes). */
    private static void sendCancel(InetSocketAddress to, int pid, int key) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 5000);
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(16);
            out.writeInt(80877102);
            out.writeInt(pid);
            out.writeInt(key);
            out.flush();
            // wait for the server to close its end, as pgjdbc does, so the request has been read
            assertEquals(-1, s.getInputStream().read(), "a CancelRequest gets no reply");
        }
    }
}
