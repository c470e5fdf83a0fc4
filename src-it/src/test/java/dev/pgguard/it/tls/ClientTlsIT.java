package dev.pgguard.it.tls;

import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.process.RawPgClient;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client-facing TLS: with {@code tls:} configured pgguard answers SSLRequest with 'S' and serves the configured
 * certificate; without it, 'N'. In both cases the shared upstream is reached in plaintext.
 */
class ClientTlsIT {

    private static final int SSL_REQUEST_CODE = 80877103;

    @TempDir
    static Path certDir;

    private static TestCertificates certs;
    private static PgGuardExtension withTls;
    private static PgGuardExtension withoutTls;

    @BeforeAll
    static void start() {
        certs = TestCertificates.create(certDir);
        TestCertificates.ServerPem pem = certs.localhost();
        withTls = PgGuardExtension.builder().clientTls(pem.certFile(), pem.keyFile()).drainPeriod("1s").build()
                .start();
        withoutTls = PgGuardExtension.builder().drainPeriod("1s").build().start();
    }

    @AfterAll
    static void stop() {
        if (withTls != null) {
            withTls.close();
        }
        if (withoutTls != null) {
            withoutTls.close();
        }
    }

    private static String database() {
        return UpstreamPostgres.get().database();
    }

    /** verify-full would refuse an 'N' and any certificate not from our CA naming 127.0.0.1: success means TLS. */
    @Test
    void pgjdbcVerifyFullConnectsOverTls() throws Exception {
        try (Connection c = withTls.connect("sslmode=verify-full", "sslrootcert=" + certs.caFile())) {
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    /** pgguard offers TLS, it does not demand it. */
    @Test
    void plaintextStillWorksWhenTlsIsConfigured() throws Exception {
        try (Connection c = withTls.connect("sslmode=disable")) {
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    @Test
    void psqlVerifyFullReportsAnSslConnection() throws Exception {
        assumeTrue(ExternalTool.onPath("psql").isPresent(), "psql is not on the PATH: psql TLS test skipped");
        InetSocketAddress a = withTls.address();
        String conninfo = "host=" + a.getHostString() + " port=" + a.getPort() + " dbname=" + database()
                + " user=" + PgGuardExtension.AGENT + " sslmode=verify-full sslrootcert=" + certs.caFile()
                + " connect_timeout=30";
        ExternalTool.Result r = ExternalTool.run(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", conninfo,
                        "-c", "\\conninfo", "-c", "select 'through-' || 'pgguard'"),
                Map.of("PGPASSWORD", PgGuardExtension.AGENT_PASSWORD), null, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::describe);
        // psql up to 17 prints "SSL connection (protocol: ...)"; 18's table says "SSL Connection | true".
        assertTrue(r.stdout().contains("SSL connection") || r.stdout().matches("(?s).*SSL Connection\\s*\\|\\s*true.*"),
                r::describe);
        assertTrue(r.stdout().contains("through-pgguard"), r::describe);
    }

    /**
     * Bytes sent after SSLRequest and before the TLS handshake could have been injected by a man in the middle
     * (CVE-2021-23214): pgguard refuses them with 08P01 instead of answering 'S', in plaintext, and closes.
     */
    @Test
    void plaintextPipelinedAfterSslRequestIsAProtocolViolation() throws Exception {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(sslRequest());
        both.writeBytes(RawPgClient.startupMessage(Map.of("user", PgGuardExtension.AGENT, "database", database())));
        try (RawPgClient raw = RawPgClient.connect(withTls.address(), 10_000)) {
            raw.write(both.toByteArray());
            RawPgClient.BackendFrame first = raw.readFrame();
            assertEquals('E', first.type(), "an ErrorResponse, not 'S'");
            Map<Character, String> error = RawPgClient.errorFields(first);
            assertEquals("08P01", error.get('C'), error::toString);
            assertEquals("FATAL", error.get('S'), error::toString);
            assertTrue(raw.closedByServer(), "pgguard closes the connection");
        }
    }

    @Test
    void withoutTlsConfiguredSslRequestIsAnsweredN() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(withoutTls.address(), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(sslRequest());
            // The answer is one raw byte, not a frame.
            assertEquals('N', (char) socket.getInputStream().read());
        }
        // sslmode=prefer sends the same SSLRequest, takes the 'N' and goes on in plaintext on the same connection.
        try (Connection c = withoutTls.connect("sslmode=prefer")) {
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    @Test
    void withoutTlsConfiguredPgjdbcRequireFailsClearly() {
        SQLException e = assertThrows(SQLException.class,
                () -> withoutTls.connect("sslmode=require").close());
        assertTrue(e.getMessage().contains("does not support SSL"), () -> "a clear reason: " + e);
    }

    private static byte[] sslRequest() {
        return ByteBuffer.allocate(8).putInt(8).putInt(SSL_REQUEST_CODE).array();
    }
}
