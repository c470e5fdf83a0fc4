package dev.pgguard.it.tls;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.SqlAssertions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * pgguard's own connection to the database over TLS, per {@code upstream.sslmode}, against embedded PostgreSQL
 * servers of this class's own that serve certificates from a test CA and let the test role in only over TLS.
 *
 * <p>Two servers: one whose certificate names only DNS:localhost (right for {@code localhost}, wrong for
 * {@code 127.0.0.1}), one whose certificate names other.example (a good chain with the wrong name).
 */
class UpstreamTlsIT {

    /** Long enough for a loaded 2-core machine; a refusal must come well before it, and say why. */
    private static final String CONNECT_TIMEOUT = "10s";
    private static final Duration CONNECT_TIMEOUT_DURATION = Duration.ofSeconds(10);

    @TempDir
    static Path certDir;

    private static TestCertificates certs;
    private static TlsPostgres localhostOnly;
    private static TlsPostgres otherName;

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.create(certDir);
        localhostOnly = TlsPostgres.start(certs.localhostNameOnly());
        otherName = TlsPostgres.start(certs.wrongName());
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (localhostOnly != null) {
            localhostOnly.close();
        }
        if (otherName != null) {
            otherName.close();
        }
    }

    private static PgGuardExtension guard(String host, TlsPostgres server, String sslMode, Path rootCert) {
        return PgGuardExtension.builder().upstream(host, server.port())
                .upstreamUser(TlsPostgres.USER, TlsPostgres.PASSWORD).database("postgres")
                .sslMode(sslMode).sslRootCert(rootCert).connectTimeout(CONNECT_TIMEOUT).drainPeriod("1s")
                .build().start();
    }

    private static void assertUpstreamIsTls(Connection c) throws SQLException {
        assertEquals("t", scalar(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"),
                "pgguard's connection to the database is TLS");
        assertEquals(TlsPostgres.USER, scalar(c, "SELECT current_user"));
    }

    /** Connecting through pgguard fails with FATAL 08006, well within the connect timeout; returns the error. */
    private static SQLException assertRefused(PgGuardExtension guard) {
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> guard.connect().close());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals("08006", e.getSQLState(), () -> "SQLSTATE of: " + e);
        assertTrue(took.compareTo(CONNECT_TIMEOUT_DURATION) < 0, "refused after " + took + ", not at once: " + e);
        return e;
    }

    /** The server a parameterised case names: {@code localhost-only} or {@code other-name}. */
    private static TlsPostgres server(String name) {
        return switch (name) {
            case "localhost-only" -> localhostOnly;
            case "other-name" -> otherName;
            default -> throw new IllegalArgumentException("no such test server: " + name);
        };
    }

    /** The settings under which pgguard gets in: its connection to the database is TLS. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            require: encrypted, the certificate not checked      | 127.0.0.1 | other-name     | require     | false
            verify-full: the right name, signed by the root cert | localhost | localhost-only | verify-full | true
            verify-ca: the chain checked, not the name           | localhost | other-name     | verify-ca   | true
            """)
    void upstreamConnectionIsTls(String what, String host, String serverName, String sslMode, boolean withRootCert)
            throws Exception {
        try (PgGuardExtension guard = guard(host, server(serverName), sslMode, withRootCert ? certs.caFile() : null);
             Connection c = guard.connect()) {
            assertUpstreamIsTls(c);
        }
    }

    /**
     * Certificates that must not be trusted. The localhost-only server's certificate names DNS:localhost only, so
     * 127.0.0.1 is not one of its names; the other-name server's has a good chain with the wrong name; without
     * sslrootcert the JVM's trust store decides, and it has never heard of the test CA.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            verify-full: names DNS:localhost only, not 127.0.0.1  | 127.0.0.1 | localhost-only | verify-full | true
            verify-full: a certificate for another name           | localhost | other-name     | verify-full | true
            verify-full without sslrootcert: JVM trust store only | localhost | localhost-only | verify-full | false
            verify-ca without sslrootcert: JVM trust store only   | localhost | other-name     | verify-ca   | false
            """)
    void untrustedCertificateIsRefused(String what, String host, String serverName, String sslMode,
                                       boolean withRootCert) {
        try (PgGuardExtension guard = guard(host, server(serverName), sslMode, withRootCert ? certs.caFile() : null)) {
            SQLException e = assertRefused(guard);
            assertTrue(e.getMessage().contains("TLS handshake"), () -> "the error says why: " + e.getMessage());
        }
    }

    /**
     * The role may only log in over TLS: PostgreSQL refuses the plaintext login with 28000, which names the real
     * user, so the client gets pgguard's own "could not log in" instead.
     */
    @Test
    void disableAgainstATlsOnlyRoleIsRefusedByTheDatabase() {
        try (PgGuardExtension guard = guard("127.0.0.1", localhostOnly, "disable", null)) {
            SQLException e = assertRefused(guard);
            assertTrue(e.getMessage().contains("could not log in"), () -> "pgguard's own message: " + e.getMessage());
            assertTrue(!e.getMessage().contains(TlsPostgres.USER), () -> "the real user is not named: " + e.getMessage());
        }
    }

    /** pgguard's cancel connection to the database negotiates TLS too: the cancel arrives and pg_sleep stops. */
    @Test
    void cancelReachesTheDatabaseOverTls() throws Exception {
        try (PgGuardExtension guard = guard("127.0.0.1", localhostOnly, "require", null);
             Connection c = guard.connect(); Statement st = c.createStatement()) {
            assertUpstreamIsTls(c);
            SqlAssertions.Cancelled cancelled = SqlAssertions.cancelledSleep(st);
            SQLException e = cancelled.error();
            Duration took = cancelled.took();
            assertEquals("57014", e.getSQLState(), () -> "SQLSTATE of: " + e);
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "cancelled after " + took);
            assertAlive(c);
        }
    }
}
