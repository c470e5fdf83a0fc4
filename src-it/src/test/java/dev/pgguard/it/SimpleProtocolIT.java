package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.RecordingInspector;
import dev.pgguard.proxy.inspect.InspectedStatement.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLWarning;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pgjdbc with {@code preferQueryMode=simple}: every statement is one Query frame, parameters inlined. */
class SimpleProtocolIT {

    static final RecordingInspector inspector = new RecordingInspector();

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().inspector(inspector).build();

    private static Connection connect() throws Exception {
        return pgguard.connect("preferQueryMode=simple");
    }

    @Test
    void queryReturnsRowsAndTheInspectorSeesOneQueryFrame() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT g, 'simple-marker-1 ' || g FROM generate_series(1, 5) g ORDER BY g")) {
            for (int i = 1; i <= 5; i++) {
                assertTrue(rs.next());
                assertEquals(i, rs.getInt(1));
                assertEquals("simple-marker-1 " + i, rs.getString(2));
            }
            assertFalse(rs.next());
        }
        assertEquals(1, inspector.matching(Kind.SIMPLE_QUERY, "simple-marker-1").size(), () -> "seen: " + inspector.seen());
        assertTrue(inspector.matching(Kind.PARSE, "simple-marker-1").isEmpty(), "no Parse in simple mode");
    }

    @Test
    void preparedStatementParametersAreInlinedAndRoundTrip() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT ?::text AS s, ?::int8 AS n, ?::numeric AS d, 'simple-marker-2' AS m")) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, "O'Reilly \\ \"quoted\" é 日本 " + i);
                ps.setLong(2, Long.MIN_VALUE + i);
                ps.setBigDecimal(3, new java.math.BigDecimal("-12345678901234567890.000000000001"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("O'Reilly \\ \"quoted\" é 日本 " + i, rs.getString("s"));
                    assertEquals(Long.MIN_VALUE + i, rs.getLong("n"));
                    assertEquals(new java.math.BigDecimal("-12345678901234567890.000000000001"), rs.getBigDecimal("d"));
                    assertFalse(rs.next());
                }
            }
        }
        assertEquals(3, inspector.matching(Kind.SIMPLE_QUERY, "simple-marker-2").size());
        assertTrue(inspector.matching(Kind.PARSE, "simple-marker-2").isEmpty());
    }

    @Test
    void multiStatementStringGivesEveryResult() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            boolean isRs = st.execute("CREATE TEMP TABLE simple_multi(id int);"
                    + " INSERT INTO simple_multi SELECT generate_series(1, 7);"
                    + " SELECT count(*), sum(id) FROM simple_multi;"
                    + " UPDATE simple_multi SET id = id + 1 WHERE id > 4");
            assertFalse(isRs); // CREATE
            assertFalse(st.getMoreResults());
            assertEquals(7, st.getUpdateCount()); // INSERT
            assertTrue(st.getMoreResults());
            try (ResultSet rs = st.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
                assertEquals(28, rs.getInt(2));
            }
            assertFalse(st.getMoreResults());
            assertEquals(3, st.getUpdateCount()); // UPDATE
            assertEquals("31", scalar(c, "SELECT sum(id) FROM simple_multi"));
        }
    }

    @Test
    void noticesReachTheClient() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN RAISE NOTICE 'simple notice %', 42; END $$");
            SQLWarning w = st.getWarnings();
            assertNotNull(w, "the NoticeResponse reaches the client");
            org.postgresql.util.ServerErrorMessage notice = ((PSQLWarning) w).getServerErrorMessage();
            assertEquals("simple notice 42", notice.getMessage());
            assertEquals("NOTICE", notice.getSeverity());
            assertEquals("00000", notice.getSQLState());
        }
    }

    @Test
    void sessionParametersAreReported() throws Exception {
        // The upstream's ParameterStatus messages reach the client as they are.
        try (Connection c = connect()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            assertEquals("UTF8", scalar(c, "SHOW client_encoding"));
            assertEquals(scalar(c, "SHOW server_version"), pg.getParameterStatus("server_version"));
            assertEquals(scalar(c, "SHOW TimeZone"), pg.getParameterStatus("TimeZone"));
            assertEquals("on", pg.getParameterStatus("integer_datetimes"));
            assertEquals("on", pg.getParameterStatus("standard_conforming_strings"));
        }
    }
}
