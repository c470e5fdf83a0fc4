package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.process.RawPgClient;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken clients on raw sockets. Each gets a clean ErrorResponse (or, where there is nothing to
 * answer, just a close) for its own connection only: a pgjdbc session opened before the bad client keeps
 * working afterwards, and pgguard's session count returns to where it was.
 */
class BadInputIT {

    /** Small enough to exceed cheaply; large enough for any driver's startup traffic. */
    private static final int MAX_MESSAGE = 64 * 1024;

    @RegisterExtension
    static final PgGuardExtension pgguard =
            PgGuardExtension.builder().maxMessageSize("64kB").startupTimeout("2s").build();

    private Connection witness;

    /** Opened before the bad client, used after it. */
    @BeforeEach
    void openWitness() throws Exception {
        witness = pgguard.connect("ApplicationName=bad-input-witness");
        assertAlive(witness);
    }

    @AfterEach
    void witnessStillWorks() throws Exception {
        try {
            assertAlive(witness);
            assertEquals(1, pgguard.awaitOpenSessions(1, Duration.ofSeconds(10)),
                    "only the witness session is left once the bad client is gone");
            try (Connection fresh = pgguard.connect()) {
                assertAlive(fresh);
            }
        } finally {
            witness.close();
        }
    }

    // ---- before login ---------------------------------------------------------------------------------

    /**
     * Bytes that are not a startup packet: an HTTP request (its "GET " read as a length of 1.2 GB), a length
     * under the minimum, and a well-sized packet whose parameters lack their terminators.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "tiny-length", "bad-layout"})
    void garbageInsteadOfAStartupPacket(String kind) throws Exception {
        byte[] garbage = switch (kind) {
            case "http" -> "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            case "tiny-length" -> new byte[] {0, 0, 0, 3, 0x12, 0x34, 0x56, 0x78};
            default -> ByteBuffer.allocate(20).putInt(20).putInt(196608)
                    .put("useruseruser".getBytes(StandardCharsets.US_ASCII)).array();
        };
        try (RawPgClient c = RawPgClient.connect(pgguard.address(), 10_000)) {
            c.write(garbage);
            Map<Character, String> error = c.readError();
            assertEquals("08P01", error.get('C'), () -> kind + ": " + error);
            assertEquals("FATAL", error.get('V'), () -> kind + ": " + error);
            assertTrue(c.closedByServer(), kind + ": the connection is closed after the error");
        }
    }

    /**
     * A startup packet announcing 2,000,000,000 bytes is refused on its first four bytes: the answer comes at
     * once, without pgguard waiting for (or buffering) the rest.
     */
    @Test
    void hugeStartupLengthIsRefusedAtOnce() throws Exception {
        try (RawPgClient c = RawPgClient.connect(pgguard.address(), 10_000)) {
            long t0 = System.nanoTime();
            c.write(ByteBuffer.allocate(8).putInt(2_000_000_000).putInt(196608).array());
            Map<Character, String> error = c.readError();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals("08P01", error.get('C'), error::toString);
            assertTrue(error.get('M').contains("2000000000"), () -> "the message names the length: " + error);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "answered after " + took);
            assertTrue(c.closedByServer(), "the connection is closed after the error");
        }
    }

    /** Startup phase with nothing sent at all: dropped after limits.startup_timeout (2 s). */
    @Test
    void silentClientIsDroppedAfterTheStartupTimeout() throws Exception {
        try (RawPgClient c = RawPgClient.connect(pgguard.address(), 15_000)) {
            long t0 = System.nanoTime();
            Map<Character, String> error = c.readError();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("[BadInputIT] silent client dropped after " + took.toMillis() + " ms with " + error);
            assertEquals(5, error.get('C').length(), error::toString);
            assertDroppedByStartupTimeout(c, error, took);
        }
    }

    /** StartupMessage sent, then silence in the middle of SCRAM: the same timeout covers authentication. */
    @Test
    void clientSilentDuringAuthenticationIsDropped() throws Exception {
        try (RawPgClient c = RawPgClient.connect(pgguard.address(), 15_000)) {
            long t0 = System.nanoTime();
            c.write(RawPgClient.startupMessage(Map.of("user", PgGuardExtension.AGENT, "database", "postgres")));
            RawPgClient.BackendFrame sasl = c.readFrame();
            assertEquals('R', sasl.type(), "AuthenticationSASL first");
            Map<Character, String> error = c.readError();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertDroppedByStartupTimeout(c, error, took);
        }
    }

    /** Half a startup packet, then the client goes away: nothing to answer, nothing left behind. */
    @Test
    void truncatedStartupPacketThenClose() throws Exception {
        try (RawPgClient c = RawPgClient.connect(pgguard.address(), 10_000)) {
            byte[] startup = RawPgClient.startupMessage(Map.of("user", PgGuardExtension.AGENT));
            c.write(Arrays.copyOf(startup, startup.length / 2));
        }
    }

    // ---- after login ----------------------------------------------------------------------------------

    @Test
    void unknownMessageTypeAfterLogin() throws Exception {
        try (RawPgClient c = loggedIn()) {
            c.write(RawPgClient.frame('!', new byte[] {1, 2, 3}));
            Map<Character, String> error = c.readError();
            assertEquals("08P01", error.get('C'), error::toString);
            assertEquals("FATAL", error.get('V'), error::toString);
            assertTrue(c.closedByServer(), "the connection is closed after the error");
        }
    }

    /** A frame whose length is below the minimum of 4 (it counts itself). */
    @Test
    void impossibleLengthAfterLogin() throws Exception {
        try (RawPgClient c = loggedIn()) {
            c.write(ByteBuffer.allocate(5).put((byte) 'Q').putInt(2).array());
            Map<Character, String> error = c.readError();
            assertEquals("08P01", error.get('C'), error::toString);
            assertTrue(c.closedByServer(), "the connection is closed after the error");
        }
    }

    /**
     * A Query announcing 1 MB against a 64 kB limit is refused from its header: only 5 + 10 bytes are sent, so
     * an answer proves pgguard did not wait for the body.
     */
    @Test
    void queryLargerThanMaxMessageSize() throws Exception {
        try (RawPgClient c = loggedIn()) {
            int declared = 1024 * 1024;
            c.write(ByteBuffer.allocate(15).put((byte) 'Q').putInt(declared).put(new byte[10]).array());
            Map<Character, String> error = c.readError();
            assertEquals("54000", error.get('C'), error::toString);
            assertEquals("FATAL", error.get('V'), error::toString);
            assertTrue(error.get('M').contains(String.valueOf(MAX_MESSAGE)), () -> "names the limit: " + error);
            assertTrue(c.closedByServer(), "the connection is closed after the error");
        }
    }

    /**
     * A Bind whose portal name runs on for 10 kB of a 32 kB frame: with the audit log on, the relay reads a Bind's
     * names to record the execution, and refuses names longer than 8 kB from what has arrived instead of waiting
     * for (and buffering) the rest of the frame. The rest is never sent: an answer proves it did not wait.
     */
    @Test
    void bindNamesThatDoNotEndAreRefusedWithoutBufferingTheFrame() throws Exception {
        try (RawPgClient c = loggedIn()) {
            byte[] name = new byte[10 * 1024];
            Arrays.fill(name, (byte) 'a');
            c.write(ByteBuffer.allocate(5 + name.length).put((byte) 'B').putInt(32 * 1024).put(name).array());
            Map<Character, String> error = c.readError();
            assertEquals("08P01", error.get('C'), error::toString);
            assertTrue(error.get('M').contains("Bind message do not end within its first 8 kB"), error::toString);
            assertTrue(c.closedByServer(), "the connection is closed after the error");
        }
    }

    /** A frame cut off in its body, then the client disconnects: the session ends, nothing else is hurt. */
    @Test
    void truncatedFrameThenClose() throws Exception {
        try (RawPgClient c = loggedIn()) {
            byte[] q = RawPgClient.query("SELECT 'this statement never completes'");
            c.write(Arrays.copyOf(q, q.length - 10));
            assertEquals(2, pgguard.awaitOpenSessions(2, Duration.ofSeconds(5)), "the raw session is open");
        }
    }

    /** The same cut-off frame, but the client only half-closes: pgguard sees end of stream mid-frame. */
    @Test
    void truncatedFrameThenHalfClose() throws Exception {
        try (RawPgClient c = loggedIn()) {
            byte[] q = RawPgClient.query("SELECT 1");
            c.write(Arrays.copyOf(q, 7));
            c.shutdownOutput();
            assertTrue(readUntilClosed(c), "pgguard closes the session when the client's stream ends mid-frame");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /**
     * {@code error} ended the session {@code took} after it began, and it was limits.startup_timeout's (2 s): a
     * FATAL timeout, neither before the limit nor long after it, and the connection closed.
     */
    private static void assertDroppedByStartupTimeout(RawPgClient c, Map<Character, String> error, Duration took)
            throws Exception {
        assertEquals("FATAL", error.get('V'), error::toString);
        assertTrue(error.get('M').contains("timeout"), error::toString);
        assertTrue(took.compareTo(Duration.ofMillis(1500)) >= 0, "not before the timeout: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(3).plusMillis(1500)) < 0, "dropped after " + took);
        assertTrue(c.closedByServer(), "the connection is closed after the error");
    }

    /** A raw session through pgguard, logged in, that has proven it works with one query. */
    private RawPgClient loggedIn() throws Exception {
        RawPgClient c = RawPgClient.connect(pgguard.address(), 10_000);
        c.login(PgGuardExtension.AGENT, PgGuardExtension.AGENT_PASSWORD, UpstreamPostgres.get().database());
        c.write(RawPgClient.query("SELECT 40 + 2"));
        String value = null;
        for (RawPgClient.BackendFrame f = c.readFrame(); f.type() != 'Z'; f = c.readFrame()) {
            if (f.type() == 'D') {
                ByteBuffer b = ByteBuffer.wrap(f.body());
                b.getShort();
                byte[] v = new byte[b.getInt()];
                b.get(v);
                value = new String(v, StandardCharsets.UTF_8);
            }
        }
        assertEquals("42", value, "the raw session works before it misbehaves");
        return c;
    }

    /** Reads (ignoring any error frame) until the server closes; false if it stays open. */
    private static boolean readUntilClosed(RawPgClient c) throws Exception {
        try {
            while (true) {
                c.readFrame();
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
