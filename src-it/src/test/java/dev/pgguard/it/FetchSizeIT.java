package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code setFetchSize} with autocommit off: pgjdbc executes a named portal with a row limit, gets
 * PortalSuspended after every 100 rows and sends Execute again to resume it.
 */
class FetchSizeIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final int ROWS = 10_000;

    @Test
    void allRowsInOrderInPagesOfHundred() throws Exception {
        try (Connection c = pgguard.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT g, md5(g::text) FROM generate_series(1, ?) g ORDER BY g")) {
                ps.setFetchSize(100);
                ps.setInt(1, ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    int expected = 0;
                    while (rs.next()) {
                        expected++;
                        assertEquals(expected, rs.getInt(1));
                        assertEquals(32, rs.getString(2).length());
                    }
                    assertEquals(ROWS, expected);
                }
            }
            c.commit();
        }
    }

    @Test
    void twoSuspendedPortalsInterleaved() throws Exception {
        try (Connection c = pgguard.connect()) {
            c.setAutoCommit(false);
            try (Statement a = c.createStatement(); Statement b = c.createStatement()) {
                a.setFetchSize(100);
                b.setFetchSize(37);
                try (ResultSet ra = a.executeQuery("SELECT g FROM generate_series(1, 10000) g");
                     ResultSet rb = b.executeQuery("SELECT -g FROM generate_series(1, 10000) g")) {
                    for (int i = 1; i <= ROWS; i++) {
                        assertTrue(ra.next());
                        assertTrue(rb.next());
                        assertEquals(i, ra.getInt(1));
                        assertEquals(-i, rb.getInt(1));
                    }
                    assertFalse(ra.next());
                    assertFalse(rb.next());
                }
            }
            c.commit();
        }
    }

    @Test
    void closingAResultSetEarlyLeavesTheSessionUsable() throws Exception {
        try (Connection c = pgguard.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(100);
                try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 10000) g")) {
                    for (int i = 1; i <= 250; i++) {
                        assertTrue(rs.next());
                        assertEquals(i, rs.getInt(1));
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM generate_series(1, 12345)")) {
                    assertTrue(rs.next());
                    assertEquals(12345, rs.getInt(1));
                }
            }
            c.rollback();
        }
    }
}
