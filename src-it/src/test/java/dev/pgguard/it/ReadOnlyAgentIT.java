package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * A read-only agent (the default mode): reads pass, and every kind of statement that can write is refused with
 * 42501 before it reaches the database — including the ones a first-keyword check lets through — and what no
 * reading of the SQL can see (a function that writes) is refused by PostgreSQL itself, since the agent's upstream
 * session is read-only. The database's state is checked directly afterwards.
 */
class ReadOnlyAgentIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().agentMode("read-only").build();

    @BeforeEach
    void freshTable() throws SQLException {
        directly("DROP TABLE IF EXISTS ro_t", "DROP SEQUENCE IF EXISTS ro_seq", "DROP FUNCTION IF EXISTS ro_bump()",
                "CREATE TABLE ro_t (id int PRIMARY KEY, v text)", "INSERT INTO ro_t VALUES (1, 'a'), (2, 'b')",
                "CREATE SEQUENCE ro_seq",
                "CREATE FUNCTION ro_bump() RETURNS int VOLATILE LANGUAGE sql AS 'INSERT INTO ro_t VALUES (99, ''x'') RETURNING id'",
                "GRANT ALL ON ro_t, ro_seq TO PUBLIC");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void readsPassAndEveryKindOfWriteIsRefused(String mode) throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            assertEquals("2", scalar(c, "SELECT count(*) FROM ro_t WHERE id > 0"));
            assertEquals("1", scalar(c, "WITH x AS (SELECT id FROM ro_t) SELECT min(id) FROM x"));
            for (String write : new String[] {
                "INSERT INTO ro_t VALUES (3, 'c')",
                "UPDATE ro_t SET v = 'z' WHERE id = 1",
                "DELETE FROM ro_t WHERE id = 1",
                "CREATE TABLE ro_new (x int)",
                "SELECT nextval('ro_seq')",
                "SELECT set_config('default_transaction_read_only', 'off', false)",
                "WITH d AS (DELETE FROM ro_t WHERE id = 2 RETURNING *) SELECT count(*) FROM d",
                "SELECT * FROM ro_t WHERE id = 1 FOR UPDATE",
                "SET default_transaction_read_only = off",
                "BEGIN READ WRITE",
            }) {
                PSQLException e = assertSqlState("42501", () -> st.execute(write));
                assertTrue(e.getMessage().contains("is read-only"), write + ": " + e.getMessage());
            }
            // a write pgguard cannot see in the SQL (a function that writes) is stopped by PostgreSQL itself: the
            // agent's upstream session is read-only
            PSQLException hidden = assertSqlState("25006", () -> st.execute("SELECT ro_bump()"));
            assertTrue(hidden.getMessage().contains("read-only transaction"), hidden.getMessage());
            assertAlive(c);
        }
        // the client cannot switch that off at startup
        try (Connection c = pgguard.connect("options=-c%20default_transaction_read_only%3Doff");
             Statement st = c.createStatement()) {
            assertEquals("on", scalar(c, "SHOW default_transaction_read_only"));
            assertSqlState("25006", () -> st.execute("SELECT ro_bump()"));
        }
        try (Connection c = pgguard.connect("preferQueryMode=simple"); Statement st = c.createStatement()) {
            // a write hidden after a COMMIT in a multi-statement string: the whole message is refused
            assertSqlState("42501", () -> st.execute("SELECT 1; COMMIT; INSERT INTO ro_t VALUES (4, 'd')"));
            // COPY FROM STDIN through the driver's CopyManager
            assertSqlState("42501", () -> ((PGConnection) c).getCopyAPI()
                    .copyIn("COPY ro_t FROM STDIN", new StringReader("5\te\n")));
            assertAlive(c);
        }
        try (Connection d = UpstreamPostgres.get().connectDirect()) {
            assertEquals("1,2", scalar(d, "SELECT string_agg(id::text, ',' ORDER BY id) FROM ro_t"), "nothing written");
            assertEquals("a", scalar(d, "SELECT v FROM ro_t WHERE id = 1"));
            assertEquals("1", scalar(d, "SELECT nextval('ro_seq')"), "the sequence was never advanced");
            assertEquals("0", scalar(d, "SELECT count(*) FROM pg_class WHERE relname = 'ro_new'"));
        }
    }
}
