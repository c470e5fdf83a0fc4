package dev.pgguard.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.function.Executable;
import org.postgresql.util.PSQLException;

/** Assertions the protocol tests share. */
public final class SqlAssertions {

    private SqlAssertions() {
    }

    /** Runs {@code action}, expects a server error with {@code sqlState}, and returns it for further checks. */
    public static PSQLException assertSqlState(String sqlState, Executable action) {
        SQLException e = assertThrows(SQLException.class, action);
        assertEquals(sqlState, e.getSQLState(), () -> "SQLSTATE of: " + e);
        return assertInstanceOf(PSQLException.class, e);
    }

    /** The single value of a one-row, one-column query. */
    public static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from: " + sql);
            }
            String v = rs.getString(1);
            if (rs.next()) {
                throw new AssertionError("more than one row from: " + sql);
            }
            return v;
        }
    }

    /** Asserts that the connection still answers a query correctly. */
    public static void assertAlive(Connection c) throws SQLException {
        assertEquals("alive-42", scalar(c, "SELECT 'alive-' || (40 + 2)"));
    }
}
