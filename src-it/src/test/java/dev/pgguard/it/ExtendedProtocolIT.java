package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.RecordingInspector;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.InspectedStatement.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pgjdbc in extended protocol with {@code prepareThreshold=1}: from the first execution it parses a named
 * server-side statement ({@code S_1}, {@code S_2}, ...) and then only binds and executes it.
 */
class ExtendedProtocolIT {

    static final RecordingInspector inspector = new RecordingInspector();

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().inspector(inspector).build();

    private static Connection connect() throws Exception {
        return pgguard.connect("preferQueryMode=extended", "prepareThreshold=1");
    }

    @Test
    void namedStatementIsParsedOnceAndReused() throws Exception {
        try (Connection c = connect(); PreparedStatement ps =
                c.prepareStatement("SELECT ?::int4 * 2 AS doubled, ? || ' ext-marker-1' AS label")) {
            for (int i = 0; i < 7; i++) {
                ps.setInt(1, 1000 + i);
                ps.setString(2, "run " + i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2 * (1000 + i), rs.getInt("doubled"));
                    assertEquals("run " + i + " ext-marker-1", rs.getString("label"));
                    assertFalse(rs.next());
                }
            }
        }
        List<InspectedStatement> parses = inspector.matching(Kind.PARSE, "ext-marker-1");
        assertEquals(1, parses.size(), () -> "one Parse for seven executions, saw: " + parses);
        InspectedStatement parse = parses.get(0);
        assertTrue(parse.statementName().matches("S_\\d+"), () -> "a named server statement, got '" + parse.statementName() + "'");
        assertEquals("SELECT $1::int4 * 2 AS doubled, $2 || ' ext-marker-1' AS label", parse.sql());
        assertEquals(PgGuardExtension.AGENT, parse.session().agent());
        assertTrue(inspector.matching(Kind.SIMPLE_QUERY, "ext-marker-1").isEmpty(), "nothing went as a simple Query");
    }

    @Test
    void twoNamedStatementsInterleaved() throws Exception {
        try (Connection c = connect();
             PreparedStatement a = c.prepareStatement("SELECT ?::int8 + 1 AS a_plus /* ext-marker-a */");
             PreparedStatement b = c.prepareStatement("SELECT upper(?) AS b_upper /* ext-marker-b */")) {
            for (int i = 0; i < 5; i++) {
                a.setLong(1, Long.MAX_VALUE - 10 + i);
                b.setString(1, "abc" + i);
                try (ResultSet ra = a.executeQuery(); ResultSet rb = b.executeQuery()) {
                    assertTrue(ra.next());
                    assertTrue(rb.next());
                    assertEquals(Long.MAX_VALUE - 9 + i, ra.getLong(1));
                    assertEquals("ABC" + i, rb.getString(1));
                }
            }
        }
        List<InspectedStatement> pa = inspector.matching(Kind.PARSE, "ext-marker-a");
        List<InspectedStatement> pb = inspector.matching(Kind.PARSE, "ext-marker-b");
        assertEquals(1, pa.size(), () -> "seen: " + pa);
        assertEquals(1, pb.size(), () -> "seen: " + pb);
        assertNotEquals(pa.get(0).statementName(), pb.get(0).statementName());
    }

    @Test
    void dmlWithUpdateCountsAndReturning() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS ext_dml");
            st.execute("CREATE TABLE ext_dml(id serial PRIMARY KEY, v text NOT NULL)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO ext_dml(v) VALUES (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 1; i <= 5; i++) {
                    ins.setString(1, "v" + i);
                    assertEquals(1, ins.executeUpdate());
                    try (ResultSet keys = ins.getGeneratedKeys()) {
                        assertTrue(keys.next());
                        assertEquals(i, keys.getInt("id"));
                    }
                }
            }
            try (PreparedStatement upd = c.prepareStatement("UPDATE ext_dml SET v = v || '!' WHERE id <= ?")) {
                upd.setInt(1, 3);
                assertEquals(3, upd.executeUpdate());
                upd.setInt(1, 100);
                assertEquals(5, upd.executeUpdate());
            }
            try (ResultSet rs = st.executeQuery("SELECT string_agg(v, ',' ORDER BY id) FROM ext_dml")) {
                assertTrue(rs.next());
                assertEquals("v1!!,v2!!,v3!!,v4!,v5!", rs.getString(1));
            }
            st.execute("DROP TABLE ext_dml");
        }
    }

    @Test
    void nullsAndEmptyResults() throws Exception {
        try (Connection c = connect(); PreparedStatement ps =
                c.prepareStatement("SELECT x FROM (VALUES (?::text)) t(x) WHERE x IS DISTINCT FROM 'none'")) {
            for (int i = 0; i < 3; i++) {
                ps.setNull(1, java.sql.Types.VARCHAR);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(null, rs.getString(1));
                    assertTrue(rs.wasNull());
                }
                ps.setString(1, "none");
                try (ResultSet rs = ps.executeQuery()) {
                    assertFalse(rs.next(), "no rows");
                }
            }
        }
    }
}
