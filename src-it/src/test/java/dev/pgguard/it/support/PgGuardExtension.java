package dev.pgguard.it.support;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.auth.ScramVerifier;
import dev.pgguard.proxy.inspect.StatementInspector;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * pgguard started in-process on port 0 in front of the shared {@link UpstreamPostgres}, with one agent
 * {@value #AGENT} / {@value #AGENT_PASSWORD}.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final PgGuardExtension pgguard = PgGuardExtension
 * .builder().build();}) it starts before the class's first test and stops after its last. It also works as a plain
 * helper: {@link #start()} and {@link #close()}, for tests that need one pgguard per case.
 */
public final class PgGuardExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String AGENT = "agent1";
    public static final String AGENT_PASSWORD = "agent-secret";

    /** One verifier for the whole JVM: 4,096 PBKDF2 rounds per pgguard instance add up. */
    private static final String AGENT_VERIFIER = ScramVerifier.generate(AGENT_PASSWORD, 4096).format();

    private final String upstreamUser;
    private final String upstreamPassword;
    private final StatementInspector inspector;
    private final String drainPeriod;
    private PgGuardServer server;

    private PgGuardExtension(Builder b) {
        // null = the harness's superuser, resolved at start so that building the extension starts nothing
        this.upstreamUser = b.upstreamUser;
        this.upstreamPassword = b.upstreamPassword;
        this.inspector = b.inspector;
        this.drainPeriod = b.drainPeriod;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String upstreamUser;
        private String upstreamPassword;
        private StatementInspector inspector;
        private String drainPeriod = "2s";

        private Builder() {
        }

        /** The credentials pgguard logs in upstream with; default: the harness's superuser. */
        public Builder upstreamUser(String user, String password) {
            this.upstreamUser = Objects.requireNonNull(user, "user");
            this.upstreamPassword = password;
            return this;
        }

        public Builder inspector(StatementInspector inspector) {
            this.inspector = Objects.requireNonNull(inspector, "inspector");
            return this;
        }

        /** A duration in the config's syntax, e.g. {@code 2s}. */
        public Builder drainPeriod(String drainPeriod) {
            this.drainPeriod = Objects.requireNonNull(drainPeriod, "drainPeriod");
            return this;
        }

        public PgGuardExtension build() {
            return new PgGuardExtension(this);
        }
    }

    /** The YAML this pgguard runs with; the upstream password goes through {@code ${PG_PASSWORD}}. */
    public String yaml() {
        UpstreamPostgres pg = UpstreamPostgres.get();
        return "listen: { host: 127.0.0.1, port: 0 }\n"
                + "admin: { host: 127.0.0.1, port: 0 }\n"
                + "upstream:\n"
                + "  host: " + pg.host() + "\n"
                + "  port: " + pg.port() + "\n"
                + "  user: " + upstreamUser() + "\n"
                + (upstreamPassword() != null ? "  password: ${PG_PASSWORD}\n" : "")
                + "  sslmode: disable\n"
                + "  connect_timeout: 5s\n"
                + "agents:\n"
                + "  - { name: " + AGENT + ", password: \"" + AGENT_VERIFIER + "\" }\n"
                + "limits: { max_message_size: 256MB, max_statement_size: 16MB, startup_timeout: 30s }\n"
                + "shutdown: { drain_period: " + drainPeriod + " }\n";
    }

    /** Starts pgguard; returns once it listens. */
    public synchronized PgGuardExtension start() {
        if (server != null) {
            throw new IllegalStateException("pgguard already started");
        }
        Map<String, String> env = new HashMap<>();
        if (upstreamPassword() != null) {
            env.put("PG_PASSWORD", upstreamPassword());
        }
        PgGuardConfig cfg;
        try {
            cfg = ConfigLoader.parse(yaml(), "it", env);
        } catch (ConfigException e) {
            throw new IllegalStateException("the test configuration does not load:\n" + yaml(), e);
        }
        server = inspector == null ? PgGuardServer.start(cfg) : PgGuardServer.start(cfg, inspector);
        return this;
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

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
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

    public InetSocketAddress adminAddress() {
        return server().adminAddress();
    }

    /** The upstream user pgguard logs in as. */
    public String upstreamUser() {
        return upstreamUser != null ? upstreamUser : UpstreamPostgres.get().superUser();
    }

    private String upstreamPassword() {
        return upstreamUser != null ? upstreamPassword : UpstreamPostgres.get().superPassword();
    }

    /** A JDBC URL to pgguard without credentials, with extra URL parameters such as {@code preferQueryMode=simple}. */
    public String jdbcUrl(String... params) {
        InetSocketAddress a = address();
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(a.getHostString()).append(':')
                .append(a.getPort()).append('/').append(UpstreamPostgres.get().database())
                .append("?sslmode=disable&connectTimeout=10&socketTimeout=120");
        for (String p : params) {
            url.append('&').append(p);
        }
        return url.toString();
    }

    /** A connection through pgguard as {@value #AGENT}. */
    public Connection connect(String... params) throws SQLException {
        return connectAs(AGENT, AGENT_PASSWORD, params);
    }

    public Connection connectAs(String user, String password, String... params) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(params), user, password);
    }
}
