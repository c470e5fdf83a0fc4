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
import org.junit.jupiter.api.AfterAll;
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
        directly("DROP TABLE IF EXISTS sc_orders, sc_order_items, sc_secrets, sc_other, sc_parts, sc_order_audited "
                        + "CASCADE", "DROP FUNCTION IF EXISTS sc_peek()",
                "CREATE TABLE sc_orders (id int)", "CREATE TABLE sc_order_items (id int)",
                "CREATE TABLE sc_secrets (id int)", "CREATE TABLE sc_other (id int)",
                "INSERT INTO sc_secrets VALUES (42)", "INSERT INTO sc_other VALUES (1)",
                // what lies behind names the scope allows: views, a function, partitions, a rule
                "CREATE VIEW sc_leak AS SELECT id FROM sc_secrets", "CREATE VIEW sc_leak_again AS SELECT * FROM sc_leak",
                "CREATE MATERIALIZED VIEW sc_snapshot AS SELECT * FROM sc_secrets",
                "CREATE VIEW sc_fine AS SELECT id FROM sc_other",
                "CREATE FUNCTION sc_peek() RETURNS int LANGUAGE sql AS 'SELECT max(id) FROM sc_secrets'",
                "CREATE VIEW sc_calls AS SELECT sc_peek() AS p",
                "CREATE TABLE sc_parts (id int) PARTITION BY RANGE (id)",
                "CREATE TABLE hidden_part PARTITION OF sc_parts FOR VALUES FROM (0) TO (100)",
                "CREATE VIEW sc_order_view AS SELECT id FROM sc_orders",
                "CREATE VIEW sc_order_sneaky AS SELECT id FROM sc_other",
                "CREATE TABLE sc_order_audited (id int)",
                "CREATE RULE sc_copy AS ON INSERT TO sc_order_audited DO ALSO INSERT INTO sc_other VALUES (NEW.id)");
    }

    @AfterAll
    static void overloadGone() throws Exception {
        directly("DROP FUNCTION IF EXISTS public.lower(int)");
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

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void whatLiesBehindANameIsCheckedInTheCatalog(String mode) throws Exception {
        directly("TRUNCATE sc_orders");
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            PSQLException leak = assertSqlState("42501", () -> st.executeQuery("SELECT * FROM sc_leak").close());
            assertTrue(leak.getMessage().contains("public.sc_secrets (behind public.sc_leak; matches tables.read.deny"),
                    leak.getMessage());
            assertSqlState("42501", () -> st.executeQuery("SELECT * FROM sc_leak_again").close());
            assertSqlState("42501", () -> st.executeQuery("SELECT * FROM sc_snapshot").close());
            PSQLException calls = assertSqlState("42501", () -> st.executeQuery("SELECT * FROM sc_calls").close());
            assertTrue(calls.getMessage().contains("calls function public.sc_peek"), calls.getMessage());
            PSQLException part = assertSqlState("42501", () -> st.executeQuery("SELECT * FROM sc_parts").close());
            assertTrue(part.getMessage().contains("public.hidden_part (behind public.sc_parts; not in tables.read.allow)"),
                    part.getMessage());
            assertEquals("1", scalar(c, "SELECT count(*) FROM sc_fine"), "a view over readable tables is readable");

            st.execute("INSERT INTO sc_order_view VALUES (5)"); // the view's base table is writable
            assertSqlState("42501", () -> st.execute("INSERT INTO sc_order_sneaky VALUES (6)"));
            PSQLException rule = assertSqlState("42501", () -> st.execute("INSERT INTO sc_order_audited VALUES (7)"));
            assertTrue(rule.getMessage().contains("write public.sc_other (behind public.sc_order_audited"), rule.getMessage());

            // answers are kept 5 s: the overload is created before pgguard is first asked about lower
            assertEquals("A", scalar(c, "SELECT upper('a')"));
            directly("CREATE OR REPLACE FUNCTION public.lower(int) RETURNS text LANGUAGE sql AS 'SELECT ''public'''");
            PSQLException overload = assertSqlState("42501", () -> st.executeQuery("SELECT lower(1)").close());
            assertTrue(overload.getMessage().contains("pg_catalog.lower"), overload.getMessage());
            assertEquals("a", scalar(c, "SELECT pg_catalog.lower('A')"));
        }
        assertEquals("5", directScalar("SELECT string_agg(id::text, ',') FROM sc_orders"));
        assertEquals("1", directScalar("SELECT string_agg(id::text, ',') FROM sc_other"));
        assertEquals("0", directScalar("SELECT count(*) FROM sc_order_audited"));
    }
}
