package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/**
 * A table-scoped agent against a real PostgreSQL: it reads and writes what its allow lists name, is refused
 * (42501) what they do not and what a deny pattern names, cannot move its search_path or role, and the catalogs
 * stay readable (the driver's own metadata queries work). The database is checked directly afterwards.
 */
class TableScopeIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder()
            .agentTables("{ read: { allow: [\"public.sc_*\"], deny: [\"public.sc_secrets\"] },"
                    + " write: { allow: [\"public.sc_order*\"] } }")
            .build();

    @BeforeAll
    static void tables() throws Exception {
        directly("DROP TABLE IF EXISTS sc_orders, sc_order_items, sc_secrets, sc_other",
                "CREATE TABLE sc_orders (id int)", "CREATE TABLE sc_order_items (id int)",
                "CREATE TABLE sc_secrets (id int)", "CREATE TABLE sc_other (id int)",
                "INSERT INTO sc_secrets VALUES (42)", "INSERT INTO sc_other VALUES (1)");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void allowAndDenyListsDecideEachTable(String mode) throws Exception {
        directly("TRUNCATE sc_orders, sc_order_items");
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
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
        assertEquals("1", directScalar("SELECT count(*) FROM sc_orders"));
        assertEquals("1", directScalar("SELECT count(*) FROM sc_other"));
    }
}
