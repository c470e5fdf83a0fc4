package dev.pgguard.it.tls;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * An embedded PostgreSQL of the TLS tests' own (the shared {@code UpstreamPostgres} stays plaintext), serving one
 * server certificate, with a role {@value #USER} that may log in only over TLS, with scram-sha-256.
 */
final class TlsPostgres implements AutoCloseable {

    static final String USER = "tls_user";
    static final String PASSWORD = "tls-Secret-7";

    private final EmbeddedPostgres pg;

    private TlsPostgres(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static TlsPostgres start(TestCertificates.ServerPem cert) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", cert.certFile().toString())
                .setServerConfig("ssl_key_file", cert.keyFile().toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "40")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        TlsPostgres server = new TlsPostgres(pg);
        try {
            server.prepareRole();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return pg.getPort();
    }

    /** The embedded server's superuser (trust), straight and in plaintext. */
    private Connection superuser() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/postgres?sslmode=disable",
                "postgres", "");
    }

    private void prepareRole() throws Exception {
        try (Connection c = superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            String hbaFile;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            String previous = Files.readString(Path.of(hbaFile), StandardCharsets.UTF_8);
            // First match wins: the test role over TLS with a password, never in plaintext; the superuser keeps
            // initdb's trust lines below.
            String hba = "# written by the pgguard TLS integration tests (TlsPostgres)\n"
                    + "hostssl all " + USER + " 127.0.0.1/32 scram-sha-256\n"
                    + "hostssl all " + USER + " ::1/128 scram-sha-256\n"
                    + "hostnossl all " + USER + " all reject\n"
                    + "host all " + USER + " all reject\n"
                    + previous;
            Files.writeString(Path.of(hbaFile), hba, StandardCharsets.UTF_8);
            try (ResultSet rs = st.executeQuery("SELECT pg_reload_conf()")) {
                rs.next();
            }
            // pg_reload_conf() only signals the postmaster, and pg_hba_file_rules shows the file, not the rules in
            // force: wait until a plaintext login of the role (let in by initdb's trust lines before) is refused.
            for (int i = 0; i < 200; i++) {
                if (plaintextLoginRefused()) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the TLS-only pg_hba.conf rules did not take effect");
        }
    }

    private boolean plaintextLoginRefused() throws SQLException {
        try {
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/postgres?sslmode=disable",
                    USER, PASSWORD).close();
            return false;
        } catch (SQLException e) {
            if ("28000".equals(e.getSQLState())) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
