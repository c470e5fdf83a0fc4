package dev.pgguard.it.support;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.HoldEvent;
import dev.pgguard.approval.HoldException;
import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.it.process.RawPgClient;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.auth.ScramException;
import dev.pgguard.proxy.auth.ScramVerifier;
import dev.pgguard.proxy.inspect.StatementInspector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * pgguard started in-process on port 0, by default in front of the shared {@link UpstreamPostgres}, with one agent
 * {@value #AGENT} / {@value #AGENT_PASSWORD}. The builder chooses everything else a test may need: another upstream
 * (a TLS server, a closed port, a silent socket), its sslmode, client-facing TLS, limits, timeouts and the drain.
 * {@link #yaml()} is the one place the integration tests write pgguard's configuration.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final PgGuardExtension pgguard = PgGuardExtension
 * .builder().build();}) it starts before the class's first test and stops after its last. It also works as a plain
 * helper: {@link #start()} and {@link #close()}, for tests that need one pgguard per case.
 */
public final class PgGuardExtension implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public static final String AGENT = "agent1";
    public static final String AGENT_PASSWORD = "agent-secret";
    /** The approvers' token of every test pgguard (given in the config, so no test writes ~/.pgguard). */
    public static final String APPROVER_TOKEN = "it-approver-token";

    /** One verifier for the whole JVM: 4,096 PBKDF2 rounds per pgguard instance add up. */
    private static final String AGENT_VERIFIER = ScramVerifier.generate(AGENT_PASSWORD, 4096).format();

    // null = the shared upstream's, resolved when needed so that building the extension starts nothing, and a
    // pgguard in front of another server never starts the shared one
    private final String upstreamHost;
    private final Integer upstreamPort;
    private final String upstreamUser;
    private final String upstreamPassword;
    private final String database;

    private final String sslMode;
    private final Path sslRootCert;
    private final Path tlsCertFile;
    private final Path tlsKeyFile;
    private final String connectTimeout;
    private final String maxMessageSize;
    private final String maxStatementSize;
    private final String startupTimeout;
    private final String drainPeriod;
    private final String classifierSection;
    private final String holdTimeout;
    private final String holdTimeoutInTransaction;
    private final boolean denyEveryHold;
    private final String agentMode;
    private final String agentTables;
    private final StatementInspector inspector;
    private final String extraYaml;
    private final Map<String, String> extraEnvironment;
    private PgGuardServer server;
    private ExecutorService denier;
    private Path auditDirectory;
    private final String auditTable;

    private PgGuardExtension(Builder b) {
        this.upstreamHost = b.upstreamHost;
        this.upstreamPort = b.upstreamPort;
        this.upstreamUser = b.upstreamUser;
        this.upstreamPassword = b.upstreamPassword;
        this.database = b.database;
        this.sslMode = b.sslMode;
        this.sslRootCert = b.sslRootCert;
        this.tlsCertFile = b.tlsCertFile;
        this.tlsKeyFile = b.tlsKeyFile;
        this.connectTimeout = b.connectTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxStatementSize = b.maxStatementSize;
        this.startupTimeout = b.startupTimeout;
        this.drainPeriod = b.drainPeriod;
        this.classifierSection = b.classifierSection;
        this.holdTimeout = b.holdTimeout;
        this.holdTimeoutInTransaction = b.holdTimeoutInTransaction;
        this.denyEveryHold = b.denyEveryHold;
        this.agentMode = b.agentMode;
        this.agentTables = b.agentTables;
        this.auditDirectory = b.auditDirectory;
        this.auditTable = b.auditTable;
        this.inspector = b.inspector;
        this.extraYaml = b.extraYaml;
        this.extraEnvironment = Map.copyOf(b.extraEnvironment);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Durations and sizes are strings in the config's own syntax ({@code 2s}, {@code 64kB}). */
    public static final class Builder {
        private String upstreamHost;
        private Integer upstreamPort;
        private String upstreamUser;
        private String upstreamPassword;
        private String database;
        private String sslMode = "disable";
        private Path sslRootCert;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private String connectTimeout = "5s";
        private String maxMessageSize = "256MB";
        private String maxStatementSize; // null: pgguard's default, which fits max_message_size
        private String startupTimeout = "30s";
        private String drainPeriod = "2s";
        private String classifierSection;
        private String holdTimeout = "60s";
        private String holdTimeoutInTransaction = "15s";
        private boolean denyEveryHold;
        private String agentMode = "read-write";
        private String agentTables;
        private Path auditDirectory;
        private String auditTable;
        private StatementInspector inspector;
        private String extraYaml = "";
        private final Map<String, String> extraEnvironment = new HashMap<>();

        private Builder() {
        }

        /**
         * Top-level YAML appended to {@link #yaml()} as it is, for sections no other option writes (for example
         * {@code approvers:}). The agent's own entry stays {@link #AGENT}'s: give more agents as a second
         * {@code agents_file}, not a second {@code agents:} key.
         */
        public Builder extraYaml(String yaml) {
            this.extraYaml = this.extraYaml + Objects.requireNonNull(yaml, "yaml") + "\n";
            return this;
        }

        /** A variable for the YAML's {@code ${NAME}} references, besides those {@link #environment()} sets. */
        public Builder environment(String name, String value) {
            this.extraEnvironment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** {@code approvals.timeout} and {@code approvals.timeout_in_transaction}. */
        public Builder holdTimeouts(String outside, String inside) {
            this.holdTimeout = Objects.requireNonNull(outside, "outside");
            this.holdTimeoutInTransaction = Objects.requireNonNull(inside, "inside");
            return this;
        }

        /** The agent's {@code mode}; default {@code read-write} (most tests are about what happens to writes). */
        public Builder agentMode(String mode) {
            this.agentMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The agent's {@code tables} (allow and deny lists), as a YAML flow mapping; default: none, every table. */
        public Builder agentTables(String flowMapping) {
            this.agentTables = Objects.requireNonNull(flowMapping, "flowMapping");
            return this;
        }

        /** {@code audit.table}, a YAML flow mapping; the password may be {@code ${PG_PASSWORD}}. */
        public Builder auditTable(String flowMapping) {
            this.auditTable = Objects.requireNonNull(flowMapping, "flowMapping");
            return this;
        }

        /** {@code audit.directory}; default: a fresh temporary directory per pgguard. */
        public Builder auditDirectory(Path directory) {
            this.auditDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * A stand-in for an approver who denies every hold as soon as it appears, for tests about what never
         * reaches the database rather than about approvals.
         */
        public Builder denyEveryHold() {
            this.denyEveryHold = true;
            return this;
        }

        /** Another upstream than the shared one: a server of the test's own, or an address nobody answers on. */
        public Builder upstream(String host, int port) {
            this.upstreamHost = Objects.requireNonNull(host, "host");
            this.upstreamPort = port;
            return this;
        }

        /** The credentials pgguard logs in upstream with; default: the harness's superuser. Null password: trust. */
        public Builder upstreamUser(String user, String password) {
            this.upstreamUser = Objects.requireNonNull(user, "user");
            this.upstreamPassword = password;
            return this;
        }

        /** The database {@link #jdbcUrl} and {@link #connect} ask for; default: the shared upstream's. */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** {@code upstream.sslmode}; default {@code disable}. */
        public Builder sslMode(String sslMode) {
            this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
            return this;
        }

        /** {@code upstream.sslrootcert}; null (the default) leaves it to the JVM's trust store. */
        public Builder sslRootCert(Path rootCert) {
            this.sslRootCert = rootCert;
            return this;
        }

        /** Client-facing TLS ({@code tls:}) with this certificate and key, both PEM. */
        public Builder clientTls(Path certFile, Path keyFile) {
            this.tlsCertFile = Objects.requireNonNull(certFile, "certFile");
            this.tlsKeyFile = Objects.requireNonNull(keyFile, "keyFile");
            return this;
        }

        public Builder connectTimeout(String connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder maxMessageSize(String maxMessageSize) {
            this.maxMessageSize = Objects.requireNonNull(maxMessageSize, "maxMessageSize");
            return this;
        }

        public Builder maxStatementSize(String maxStatementSize) {
            this.maxStatementSize = Objects.requireNonNull(maxStatementSize, "maxStatementSize");
            return this;
        }

        public Builder startupTimeout(String startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        public Builder drainPeriod(String drainPeriod) {
            this.drainPeriod = Objects.requireNonNull(drainPeriod, "drainPeriod");
            return this;
        }

        public Builder inspector(StatementInspector inspector) {
            this.inspector = Objects.requireNonNull(inspector, "inspector");
            return this;
        }

        /** A {@code classifier:} section for the YAML, e.g. {@code "classifier: { rules: { drop: deny } }"}. */
        public Builder classifierSection(String yaml) {
            this.classifierSection = yaml;
            return this;
        }

        public PgGuardExtension build() {
            return new PgGuardExtension(this);
        }
    }

    /** The YAML this pgguard runs with; the upstream password goes through {@code ${PG_PASSWORD}}. */
    public String yaml() {
        return "listen: { host: 127.0.0.1, port: 0 }\n"
                + "admin: { host: 127.0.0.1, port: 0 }\n"
                + (tlsCertFile == null ? "" : "tls:\n"
                        + "  cert_file: '" + tlsCertFile + "'\n"
                        + "  key_file: '" + tlsKeyFile + "'\n")
                + "upstream:\n"
                + "  host: " + (upstreamHost != null ? upstreamHost : UpstreamPostgres.get().host()) + "\n"
                + "  port: " + (upstreamPort != null ? upstreamPort : UpstreamPostgres.get().port()) + "\n"
                + "  user: " + upstreamUser() + "\n"
                + (upstreamPassword() != null ? "  password: ${PG_PASSWORD}\n" : "")
                + "  sslmode: " + sslMode + "\n"
                + (sslRootCert != null ? "  sslrootcert: '" + sslRootCert + "'\n" : "")
                + "  connect_timeout: " + connectTimeout + "\n"
                + "agents:\n"
                + "  - { name: " + AGENT + ", password: \"" + AGENT_VERIFIER + "\", mode: " + agentMode
                + (agentTables != null ? ", tables: " + agentTables : "") + " }\n"
                + "limits: { max_message_size: " + maxMessageSize
                + (maxStatementSize != null ? ", max_statement_size: " + maxStatementSize : "")
                + ", startup_timeout: " + startupTimeout + " }\n"
                + "shutdown: { drain_period: " + drainPeriod + " }\n"
                + "audit: { directory: '" + auditDirectory() + "'" + (auditTable != null ? ", table: " + auditTable : "")
                + " }\n"
                + "approvals: { token: \"${PGGUARD_APPROVER_TOKEN}\", timeout: " + holdTimeout
                + ", timeout_in_transaction: " + holdTimeoutInTransaction + " }\n"
                + (classifierSection != null ? classifierSection + "\n" : "")
                + extraYaml;
    }

    /** Where this pgguard writes its audit log: a directory of its own, created on first use. */
    public synchronized Path auditDirectory() {
        if (auditDirectory == null) {
            try {
                auditDirectory = Files.createTempDirectory("pgguard-it-audit-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return auditDirectory;
    }

    /** The environment {@link #yaml()} expects: {@code PG_PASSWORD} when pgguard logs in upstream with one. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PGGUARD_APPROVER_TOKEN", APPROVER_TOKEN);
        if (upstreamPassword() != null) {
            env.put("PG_PASSWORD", upstreamPassword());
        }
        env.putAll(extraEnvironment);
        return env;
    }

    /** Starts pgguard; returns once it listens. */
    public synchronized PgGuardExtension start() {
        if (server != null) {
            throw new IllegalStateException("pgguard already started");
        }
        String yaml = yaml();
        PgGuardConfig cfg;
        try {
            cfg = ConfigLoader.parse(yaml, "it", environment());
        } catch (ConfigException e) {
            throw new IllegalStateException("the test configuration does not load:\n" + yaml + "\n"
                    + e.getMessage(), e);
        }
        server = inspector == null ? PgGuardServer.start(cfg) : PgGuardServer.start(cfg, inspector);
        if (denyEveryHold) {
            denier = Executors.newSingleThreadExecutor();
            ApprovalGate gate = server.approvals();
            gate.subscribe(e -> {
                if (e.type() == HoldEvent.Type.HELD) {
                    denier.execute(() -> denyQuietly(gate, e.hold().id()));
                }
            });
        }
        return this;
    }

    private static void denyQuietly(ApprovalGate gate, String id) {
        try {
            gate.deny(id, "the test's approver", "this test denies every hold");
        } catch (HoldException e) {
            // withdrawn or timed out first: nothing to deny
        }
    }

    /** The holds of this pgguard, to approve or deny them as a human would through the admin API. */
    public ApprovalGate approvals() {
        return server().approvals();
    }

    @Override
    public synchronized void close() {
        if (denier != null) {
            denier.shutdownNow();
            denier = null;
        }
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

    /**
     * Waits up to {@code within} for pgguard to count {@code expected} open sessions (a closed session leaves its
     * count a moment after the client is gone); returns the last count, for the caller to assert on.
     */
    public int awaitOpenSessions(int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int open = server().openSessions();
        while (open != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            open = server().openSessions();
        }
        return open;
    }

    /** The upstream user pgguard logs in as. */
    public String upstreamUser() {
        return upstreamUser != null ? upstreamUser : UpstreamPostgres.get().superUser();
    }

    private String upstreamPassword() {
        return upstreamUser != null ? upstreamPassword : UpstreamPostgres.get().superPassword();
    }

    /** The database clients of this pgguard ask for. */
    public String database() {
        return database != null ? database : UpstreamPostgres.get().database();
    }

    /**
     * A JDBC URL to pgguard without credentials, with extra URL parameters such as {@code preferQueryMode=simple};
     * {@code sslmode=disable} unless they name an sslmode.
     */
    public String jdbcUrl(String... params) {
        InetSocketAddress a = address();
        boolean sslModeGiven = Arrays.stream(params).anyMatch(p -> p.startsWith("sslmode="));
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(a.getHostString()).append(':')
                .append(a.getPort()).append('/').append(database())
                .append(sslModeGiven ? "?" : "?sslmode=disable&").append("connectTimeout=30&socketTimeout=120");
        for (String p : params) {
            url.append('&').append(p);
        }
        return url.toString();
    }

    /** A connection through pgguard as {@value #AGENT}. */
    public Connection connect(String... params) throws SQLException {
        return connectAs(AGENT, AGENT_PASSWORD, params);
    }

    /** A session through pgguard as {@value #AGENT}, logged in, for protocol frames written by hand. */
    public RawPgClient rawAgent() throws IOException, ScramException {
        RawPgClient c = RawPgClient.connect(address(), 20_000);
        c.login(AGENT, AGENT_PASSWORD, database());
        return c;
    }

    public Connection connectAs(String user, String password, String... params) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(params), user, password);
    }

    /**
     * The libpq environment for psql, pgbench and friends to reach pgguard as {@value #AGENT}; a mutable map, for
     * the caller's own additions.
     */
    public Map<String, String> libpqEnvironment() {
        InetSocketAddress a = address();
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", a.getHostString());
        env.put("PGPORT", String.valueOf(a.getPort()));
        env.put("PGUSER", AGENT);
        env.put("PGPASSWORD", AGENT_PASSWORD);
        env.put("PGDATABASE", database());
        env.put("PGSSLMODE", "prefer"); // libpq's default: without tls: pgguard answers 'N' and goes on in plaintext
        env.put("PGCONNECT_TIMEOUT", "30");
        return env;
    }
}
