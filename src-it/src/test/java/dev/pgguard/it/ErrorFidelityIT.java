package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Every field of an ErrorResponse survives pgguard: the same failing statement, run through pgguard and directly
 * against the upstream, gives identical {@link ServerErrorMessage}s (SQLSTATE, message, detail, hint, position,
 * context, schema/table/column/constraint, and the server's file/line/routine).
 */
class ErrorFidelityIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    @BeforeAll
    static void createTable() throws Exception {
        directly("DROP TABLE IF EXISTS err_rows",
                "CREATE TABLE err_rows(id int PRIMARY KEY, name text NOT NULL, qty int CHECK (qty >= 0))",
                "INSERT INTO err_rows VALUES (1, 'one', 1)");
    }

    @AfterAll
    static void dropTable() throws Exception {
        directly("DROP TABLE IF EXISTS err_rows");
    }

    static Stream<Arguments> cases() {
        String[][] cases = {
            {"23505", "INSERT INTO err_rows VALUES (1, 'dup', 1)"},
            {"P0001", "DO $$ BEGIN RAISE EXCEPTION 'custom failure %', 7 USING DETAIL = 'the detail é',"
                    + " HINT = 'the hint', ERRCODE = 'P0001'; END $$"},
            {"42601", "SELECT id FROM err_rows WHERE id = = 1"},
            {"42703", "SELECT nmae FROM err_rows"},
            {"23502", "INSERT INTO err_rows VALUES (2, NULL, 1)"},
            {"23514", "INSERT INTO err_rows VALUES (3, 'neg', -1)"},
            {"22012", "SELECT (SELECT 1 / (qty - 1) FROM err_rows WHERE id = 1)"},
            {"42P01", "SELECT * FROM no_such_table_here"},
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (String mode : new String[] {"extended", "simple"}) {
            for (String[] c : cases) {
                b.add(Arguments.of(mode, c[0], c[1]));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void errorFieldsAreIdenticalToTheUpstreams(String mode, String sqlState, String sql) throws Exception {
        Map<String, Object> direct;
        try (Connection c = UpstreamPostgres.get().connectDirect("preferQueryMode=" + mode)) {
            direct = fields(run(c, sql));
        }
        Map<String, Object> proxied;
        try (Connection c = pgguard.connect("preferQueryMode=" + mode)) {
            proxied = fields(run(c, sql));
            // the session survives the error
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
        assertEquals(sqlState, proxied.get("sqlState"));
        assertEquals(direct, proxied);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"extended", "simple"})
    void theNamedFieldsAreThere(String mode) throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode)) {
            ServerErrorMessage dup = run(c, "INSERT INTO err_rows VALUES (1, 'dup', 1)");
            assertEquals("23505", dup.getSQLState());
            assertEquals("ERROR", dup.getSeverity());
            assertEquals("duplicate key value violates unique constraint \"err_rows_pkey\"", dup.getMessage());
            assertEquals("Key (id)=(1) already exists.", dup.getDetail());
            assertEquals("err_rows_pkey", dup.getConstraint());
            assertEquals("err_rows", dup.getTable());

            ServerErrorMessage raised = run(c, "DO $$ BEGIN RAISE EXCEPTION 'custom failure %', 7 USING"
                    + " DETAIL = 'the detail é', HINT = 'the hint', ERRCODE = 'P0001'; END $$");
            assertEquals("P0001", raised.getSQLState());
            assertEquals("custom failure 7", raised.getMessage());
            assertEquals("the detail é", raised.getDetail());
            assertEquals("the hint", raised.getHint());
            assertNotNull(raised.getWhere());

            ServerErrorMessage syntax = run(c, "SELECT id FROM err_rows WHERE id = = 1");
            assertEquals("42601", syntax.getSQLState());
            assertEquals("syntax error at or near \"=\"", syntax.getMessage());
            assertEquals(36, syntax.getPosition());
        }
    }

    private static ServerErrorMessage run(Connection c, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
        assertTrue(e instanceof PSQLException, () -> "a server error, got " + e);
        ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
        assertNotNull(m, () -> "a ServerErrorMessage in " + e);
        return m;
    }

    private static Map<String, Object> fields(ServerErrorMessage m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("severity", m.getSeverity());
        f.put("sqlState", m.getSQLState());
        f.put("message", m.getMessage());
        f.put("detail", m.getDetail());
        f.put("hint", m.getHint());
        f.put("position", m.getPosition());
        f.put("where", m.getWhere());
        f.put("schema", m.getSchema());
        f.put("table", m.getTable());
        f.put("column", m.getColumn());
        f.put("datatype", m.getDatatype());
        f.put("constraint", m.getConstraint());
        f.put("internalQuery", m.getInternalQuery());
        f.put("internalPosition", m.getInternalPosition());
        f.put("file", m.getFile());
        f.put("line", m.getLine());
        f.put("routine", m.getRoutine());
        return f;
    }
}
