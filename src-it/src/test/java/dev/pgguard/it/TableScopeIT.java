package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.ConfigLoader;
import dev.pgguard.it.support.UpstreamPostgres;
import dev.pgguard.proxy.PgGuardServer;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/**
 * A table-scoped agent against a real PostgreSQL: it reads and writes what its allow lists name, is refused
 * (42501) what they do not and what a deny pattern names, cannot move its search_path or role, and the catalogs
 * stay readable (the driver's own metadata queries work). The database is checked directly afterwards.
 */
class TableScopeIT {

    private static final String PASSWORD = "scope-agent-secret";
    private static PgGuardServer server;

    @BeforeAll
    static void start() throws Exception {
        directly("DROP TABLE IF EXISTS sc_orders, sc_order_items, sc_secrets, sc_other",
                "CREATE TABLE sc_orders (id int)", "CREATE TABLE sc_order_items (id int)",
                "CREATE TABLE sc_secrets (id int)", "CREATE TABLE sc_other (id int)",
                "INSERT INTO sc_secrets VALUES (42)", "INSERT INTO sc_other VALUES (1)");
        UpstreamPostgres up = UpstreamPostgres.get();
        String yaml = """
                listen: { host: 127.0.0.1, port: 0 }
                admin: { host: 127.0.0.1, port: 0 }
                upstream: { host: %s, port: %d, user: %s, sslmode: disable%s }
                agents:
                  - name: scoped
                    password: "%s"
                    mode: read-write
                    tables:
                      read: { allow: ["public.sc_*"], deny: ["public.sc_secrets"] }
                      write: { allow: ["public.sc_order*"] }
                approvals: { token: "${TOKEN}" }
                audit: { directory: '%s' }
                """.formatted(up.host(), up.port(), up.superUser(),
                up.superPassword() == null ? "" : ", password: \"${PG_PASSWORD}\"",
                ScramVerifier.generate(PASSWORD, 4096).format(), Files.createTempDirectory("pgguard-scope-audit-"));
        Map<String, String> env = new java.util.HashMap<>(Map.of("TOKEN", "scope-it-token"));
        if (up.superPassword() != null) {
            env.put("PG_PASSWORD", up.superPassword());
        }
        server = PgGuardServer.start(ConfigLoader.parse(yaml, "it", env));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Connection connect(String mode) throws SQLException {
        InetSocketAddress a = server.address();
        return DriverManager.getConnection("jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/"
                + UpstreamPostgres.get().database() + "?sslmode=disable&preferQueryMode=" + mode, "scoped", PASSWORD);
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void allowAndDenyListsDecideEachTable(String mode) throws Exception {
        directly("TRUNCATE sc_orders, sc_order_items");
        try (Connection c = connect(mode); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sc_orders VALUES (1)");
            st.execute("INSERT INTO public.sc_order_items VALUES (1)");
            assertEquals("1", scalar(c, "SELECT count(*) FROM sc_orders o JOIN sc_other x ON x.id = o.id"));
            PSQLException secret = assertSqlState("42501", () -> st.executeQuery("SELECT * FROM sc_secrets").close());
            assertTrue(secret.getMessage().contains("sc_secrets"), secret.getMessage());
            // read through a subquery, a CTE, or an UPDATE's RETURNING: still a read of the denied table
            assertSqlState("42501", () -> st.executeQuery("SELECT (SELECT max(id) FROM sc_secrets)").close());
            assertSqlState("42501", () -> st.execute("WITH s AS (SELECT * FROM sc_secrets) SELECT * FROM s"));
            assertSqlState("42501", () -> st.execute("INSERT INTO sc_other VALUES (2)")); // readable, not writable
            assertSqlState("42501", () -> st.execute("INSERT INTO sc_orders SELECT id FROM sc_secrets"));
            assertSqlState("42501", () -> st.execute("SET search_path = pg_temp, public"));
            assertSqlState("42501", () -> st.execute("SELECT set_config('search_path', 'other', false)"));
            assertSqlState("42501", () -> st.execute("SET ROLE postgres"));
            assertSqlState("42501", () -> st.execute("SELECT 1; SELECT * FROM sc_secrets"));
            assertEquals("public", scalar(c, "SHOW search_path"), "pgguard pinned it at login");
            assertEquals("t", scalar(c, "SELECT count(*) > 0 FROM pg_catalog.pg_class"), "catalogs are readable");
            assertTrue(c.getMetaData().getTables(null, "public", "sc_orders", null).next(), "driver metadata works");
        }
        assertEquals("1", scalar(directConnection(), "SELECT count(*) FROM sc_orders"));
        assertEquals("1", scalar(directConnection(), "SELECT count(*) FROM sc_other"));
    }

    private static Connection directConnection() throws SQLException {
        return UpstreamPostgres.get().connectDirect();
    }
}
