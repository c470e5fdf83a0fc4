package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.approval.HoldEvent;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.it.support.UpstreamPostgres;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Two environments in one config, each its own database with its own real credentials: an agent reaches the
 * ones it is bound to by database name, and lands in that environment's database as that environment's user;
 * the production environment holds every write (rule write). The real credentials never reach an agent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvironmentsIT {

    private static final String PASSWORD = "env-agent-secret";
    private static final String VERIFIER = ScramVerifier.generate(PASSWORD, 4096).format();
    private static Path auditDir;
    private static PgGuardServer server;

    @BeforeAll
    static void twoDatabasesAndPgguard() throws Exception {
        UpstreamPostgres up = UpstreamPostgres.get();
        assumeTrue(up.authRolesUnavailableReason() == null, up.authRolesUnavailableReason());
        directly("DROP DATABASE IF EXISTS env_prod WITH (FORCE)",
                "CREATE DATABASE env_prod OWNER " + UpstreamPostgres.SCRAM_USER,
                "DROP DATABASE IF EXISTS env_staging WITH (FORCE)",
                "CREATE DATABASE env_staging OWNER " + UpstreamPostgres.MD5_USER);
        auditDir = Files.createTempDirectory("pgguard-env-audit-");
        String yaml = """
                listen: { host: 127.0.0.1, port: 0 }
                admin: { host: 127.0.0.1, port: 0 }
                environments:
                  prod:
                    upstream: { host: %1$s, port: %2$d, user: %3$s, password: "${PROD_PW}", database: env_prod, sslmode: disable }
                    rules: { write: hold }
                  staging:
                    upstream: { host: %1$s, port: %2$d, user: %4$s, password: "${STAGING_PW}", database: env_staging, sslmode: disable }
                agents:
                  - { name: ci, password: "%5$s", mode: read-write, environments: [staging] }
                  - { name: ops, password: "%5$s", mode: read-write, environments: [prod, staging] }
                approvals: { token: "${TOKEN}" }
                audit: { directory: '%6$s' }
                """.formatted(up.host(), up.port(), UpstreamPostgres.SCRAM_USER, UpstreamPostgres.MD5_USER, VERIFIER,
                auditDir);
        PgGuardConfig config = ConfigLoader.parse(yaml, "it", Map.of("PROD_PW", UpstreamPostgres.SCRAM_PASSWORD,
                "STAGING_PW", UpstreamPostgres.MD5_PASSWORD, "TOKEN", "env-it-token"));
        server = PgGuardServer.start(config);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Connection connect(String agent, String database) throws SQLException {
        InetSocketAddress a = server.address();
        return DriverManager.getConnection("jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/"
                + database + "?sslmode=disable&connectTimeout=30", agent, PASSWORD);
    }

    @Test
    void eachEnvironmentIsItsOwnDatabaseAsItsOwnUser() throws Exception {
        try (Connection c = connect("ops", "staging")) {
            assertEquals("env_staging " + UpstreamPostgres.MD5_USER, scalar(c, "SELECT current_database() || ' ' || current_user"));
        }
        try (Connection c = connect("ops", "prod")) {
            assertEquals("env_prod " + UpstreamPostgres.SCRAM_USER, scalar(c, "SELECT current_database() || ' ' || current_user"));
        }
    }

    @Test
    void anAgentReachesOnlyTheEnvironmentsItIsBoundTo() throws Exception {
        try (Connection c = connect("ci", "staging")) {
            assertEquals("env_staging", scalar(c, "SELECT current_database()"));
        }
        PSQLException refused = assertSqlState("42501", () -> connect("ci", "prod").close());
        assertTrue(refused.getMessage().contains("permission denied for database \"prod\""), refused.getMessage());
        assertTrue(refused.getServerErrorMessage().getHint().contains("It may connect to staging"),
                refused.getServerErrorMessage().getHint());
        PSQLException unknown = assertSqlState("3D000", () -> connect("ci", "env_prod").close());
        assertTrue(unknown.getServerErrorMessage().getHint().contains("this agent may connect to staging"),
                unknown.getServerErrorMessage().getHint());
    }

    @Test
    void productionHoldsEveryWriteWhileStagingLetsItPass() throws Exception {
        try (Connection c = connect("ops", "staging"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (id int)");
            st.execute("INSERT INTO t VALUES (1)");
        }
        server.approvals().subscribe(e -> {
            if (e.type() == HoldEvent.Type.HELD) {
                assertEquals("prod", e.hold().request().environment());
                assertEquals("env_prod", e.hold().request().database());
                try {
                    server.approvals().deny(e.hold().id(), "it", "prod writes need a change ticket");
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            }
        });
        try (Connection c = connect("ops", "prod"); Statement st = c.createStatement()) {
            assertEquals("1", scalar(c, "SELECT 1"));
            PSQLException denied = assertSqlState("42501", () -> st.execute("CREATE TABLE t (id int)"));
            assertTrue(denied.getMessage().contains("prod writes need a change ticket"), denied.getMessage());
            assertEquals("0", scalar(c, "SELECT count(*) FROM pg_class WHERE relname = 't'"));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theRealCredentialsReachNoAgentAndNoAuditRecord() throws Exception {
        // a wrong upstream password would be the place they leak: an environment's login error names no secret
        try (Connection c = connect("ops", "staging"); Statement st = c.createStatement()) {
            PSQLException e = assertSqlState("42P01", () -> st.execute("SELECT * FROM no_such_table"));
            assertFalse(e.getMessage().contains(UpstreamPostgres.MD5_PASSWORD));
        }
        server.close(); // the last test: the audit log is complete once pgguard has stopped
        String audit = Files.readString(auditDir.resolve("audit.jsonl")); // far from the size that rotates it
        assertTrue(audit.contains("\"environment\":\"staging\""), "sessions carry their environment");
        assertTrue(audit.contains("\"environment\":\"prod\""));
        for (String secret : new String[] {UpstreamPostgres.SCRAM_PASSWORD, UpstreamPostgres.MD5_PASSWORD, PASSWORD}) {
            assertFalse(audit.contains(secret), "the audit log holds no password");
        }
    }
}
