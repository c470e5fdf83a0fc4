package dev.pgguard.it.tls;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * pgguard in-process on port 0 with the TLS settings the TLS tests choose: the upstream's sslmode and
 * sslrootcert, and client-facing {@code tls:}. The agent is the harness's {@value PgGuardExtension#AGENT}.
 */
final class TlsPgGuard implements AutoCloseable {

    private static final String AGENT_VERIFIER =
            ScramVerifier.generate(PgGuardExtension.AGENT_PASSWORD, 4096).format();

    private String upstreamHost;
    private int upstreamPort;
    private String upstreamUser;
    private String upstreamPassword; // null: trust
    private String sslMode = "disable";
    private Path sslRootCert;
    private TestCertificates.ServerPem clientTls;
    private String connectTimeout = "5s";
    private PgGuardServer server;

    TlsPgGuard upstream(String host, int port, String user, String password) {
        this.upstreamHost = host;
        this.upstreamPort = port;
        this.upstreamUser = user;
        this.upstreamPassword = password;
        return this;
    }

    TlsPgGuard sslMode(String mode, Path rootCert) {
        this.sslMode = mode;
        this.sslRootCert = rootCert;
        return this;
    }

    /** Client-facing TLS with this certificate. */
    TlsPgGuard clientTls(TestCertificates.ServerPem cert) {
        this.clientTls = cert;
        return this;
    }

    TlsPgGuard connectTimeout(String duration) {
        this.connectTimeout = duration;
        return this;
    }

    String yaml() {
        return "listen: { host: 127.0.0.1, port: 0 }\n"
                + "admin: { host: 127.0.0.1, port: 0 }\n"
                + (clientTls == null ? "" : "tls:\n"
                        + "  cert_file: '" + clientTls.certFile() + "'\n"
                        + "  key_file: '" + clientTls.keyFile() + "'\n")
                + "upstream:\n"
                + "  host: " + upstreamHost + "\n"
                + "  port: " + upstreamPort + "\n"
                + "  user: " + upstreamUser + "\n"
                + (upstreamPassword != null ? "  password: ${PG_PASSWORD}\n" : "")
                + "  sslmode: " + sslMode + "\n"
                + (sslRootCert != null ? "  sslrootcert: '" + sslRootCert + "'\n" : "")
                + "  connect_timeout: " + connectTimeout + "\n"
                + "agents:\n"
                + "  - { name: " + PgGuardExtension.AGENT + ", password: \"" + AGENT_VERIFIER + "\" }\n"
                + "shutdown: { drain_period: 1s }\n";
    }

    synchronized TlsPgGuard start() {
        if (server != null) {
            throw new IllegalStateException("pgguard already started");
        }
        Map<String, String> env = new HashMap<>();
        if (upstreamPassword != null) {
            env.put("PG_PASSWORD", upstreamPassword);
        }
        PgGuardConfig cfg;
        try {
            cfg = ConfigLoader.parse(yaml(), "it", env);
        } catch (ConfigException e) {
            throw new IllegalStateException("the TLS test's pgguard config is invalid:\n" + yaml() + "\n"
                    + e.getMessage(), e);
        }
        server = PgGuardServer.start(cfg);
        return this;
    }

    synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("pgguard is not running");
        }
        return server.address();
    }

    /** A JDBC URL to pgguard with extra parameters; {@code sslmode=disable} unless they name an sslmode. */
    String jdbcUrl(String database, String... params) {
        InetSocketAddress a = address();
        boolean sslModeGiven = java.util.Arrays.stream(params).anyMatch(p -> p.startsWith("sslmode="));
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(a.getHostString()).append(':')
                .append(a.getPort()).append('/').append(database)
                .append(sslModeGiven ? "?" : "?sslmode=disable&").append("connectTimeout=30&socketTimeout=120");
        for (String p : params) {
            url.append('&').append(p);
        }
        return url.toString();
    }

    Connection connect(String database, String... params) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database, params), PgGuardExtension.AGENT,
                PgGuardExtension.AGENT_PASSWORD);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }
}
