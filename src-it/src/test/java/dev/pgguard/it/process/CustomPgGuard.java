package dev.pgguard.it.process;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * pgguard in-process on port 0, like {@link PgGuardExtension}, but with the settings the failure tests need to
 * choose: limits, startup timeout, drain period, and an upstream that may be anything (a closed port, a silent
 * socket). The agent is the harness's {@value PgGuardExtension#AGENT}.
 */
public final class CustomPgGuard implements AutoCloseable {

    private static final String AGENT_VERIFIER =
            ScramVerifier.generate(PgGuardExtension.AGENT_PASSWORD, 4096).format();

    private String upstreamHost;
    private int upstreamPort = -1;
    private String connectTimeout = "5s";
    private String maxMessageSize; // null: pgguard's default (PostgreSQL's own limit)
    private String startupTimeout = "30s";
    private String drainPeriod = "2s";
    private PgGuardServer server;

    public CustomPgGuard upstream(String host, int port) {
        this.upstreamHost = host;
        this.upstreamPort = port;
        return this;
    }

    public CustomPgGuard connectTimeout(String duration) {
        this.connectTimeout = duration;
        return this;
    }

    public CustomPgGuard maxMessageSize(String size) {
        this.maxMessageSize = size;
        return this;
    }

    public CustomPgGuard startupTimeout(String duration) {
        this.startupTimeout = duration;
        return this;
    }

    public CustomPgGuard drainPeriod(String duration) {
        this.drainPeriod = duration;
        return this;
    }

    /** The YAML this pgguard runs with: the shared upstream unless {@link #upstream} named another. */
    public String yaml() {
        UpstreamPostgres pg = UpstreamPostgres.get();
        String host = upstreamHost != null ? upstreamHost : pg.host();
        int port = upstreamPort > 0 ? upstreamPort : pg.port();
        return "listen: { host: 127.0.0.1, port: 0 }\n"
                + "admin: { host: 127.0.0.1, port: 0 }\n"
                + "upstream:\n"
                + "  host: " + host + "\n"
                + "  port: " + port + "\n"
                + "  user: " + pg.superUser() + "\n"
                + (pg.superPassword() != null ? "  password: ${PG_PASSWORD}\n" : "")
                + "  sslmode: disable\n"
                + "  connect_timeout: " + connectTimeout + "\n"
                + "agents:\n"
                + "  - { name: " + PgGuardExtension.AGENT + ", password: \"" + AGENT_VERIFIER + "\" }\n"
                + "limits: { startup_timeout: " + startupTimeout
                + (maxMessageSize != null ? ", max_message_size: " + maxMessageSize : "") + " }\n"
                + "shutdown: { drain_period: " + drainPeriod + " }\n";
    }

    public synchronized CustomPgGuard start() {
        if (server != null) {
            throw new IllegalStateException("pgguard already started");
        }
        Map<String, String> env = new HashMap<>();
        String password = UpstreamPostgres.get().superPassword();
        if (password != null) {
            env.put("PG_PASSWORD", password);
        }
        PgGuardConfig cfg;
        try {
            cfg = ConfigLoader.parse(yaml(), "it", env);
        } catch (ConfigException e) {
            throw new IllegalStateException("the test's own pgguard config is invalid:\n" + e.getMessage(), e);
        }
        server = PgGuardServer.start(cfg);
        return this;
    }

    public synchronized PgGuardServer server() {
        if (server == null) {
            throw new IllegalStateException("pgguard is not running");
        }
        return server;
    }

    public InetSocketAddress address() {
        return server().address();
    }

    public String jdbcUrl(String... params) {
        InetSocketAddress a = address();
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(a.getHostString()).append(':')
                .append(a.getPort()).append('/').append(UpstreamPostgres.get().database())
                .append("?sslmode=disable&connectTimeout=30&socketTimeout=120");
        for (String p : params) {
            url.append('&').append(p);
        }
        return url.toString();
    }

    public Connection connect(String... params) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(params), PgGuardExtension.AGENT, PgGuardExtension.AGENT_PASSWORD);
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
