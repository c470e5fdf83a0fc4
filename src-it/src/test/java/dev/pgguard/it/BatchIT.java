package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JDBC batches: pipelined Bind/Execute runs (or one multi-row INSERT when rewritten) through pgguard. */
class BatchIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final int ROWS = 1_000;

    @ParameterizedTest(name = "reWriteBatchedInserts={0}")
    @ValueSource(booleans = {false, true})
    void thousandInserts(boolean rewrite) throws Exception {
        String table = "batch_" + (rewrite ? "rewritten" : "plain");
        try (Connection c = pgguard.connect("reWriteBatchedInserts=" + rewrite)) {
            try (Statement st = c.createStatement()) {
                directly("DROP TABLE IF EXISTS " + table);
                st.execute("CREATE TABLE " + table + "(id int PRIMARY KEY, label text NOT NULL, amount numeric(12,2))");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "(id, label, amount) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row-" + i);
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 2));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(ROWS, counts.length);
                for (int n : counts) {
                    // a rewritten batch reports SUCCESS_NO_INFO per statement, as pgjdbc documents
                    assertTrue(n == 1 || (rewrite && n == Statement.SUCCESS_NO_INFO), "count " + n);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            assertEquals(String.valueOf(ROWS), scalar(c, "SELECT count(*) FROM " + table));
            assertEquals(String.valueOf(ROWS * (ROWS + 1L) / 2), scalar(c, "SELECT sum(id) FROM " + table));
            assertEquals("5005.00", scalar(c, "SELECT sum(amount) FROM " + table));
            assertEquals("row-777", scalar(c, "SELECT label FROM " + table + " WHERE id = 777"));

            // a batch update, counted row by row
            try (PreparedStatement upd = c.prepareStatement("UPDATE " + table + " SET label = label || '+' WHERE id % ? = 0")) {
                for (int m : new int[] {10, 100, 1000}) {
                    upd.setInt(1, m);
                    upd.addBatch();
                }
                int[] counts = upd.executeBatch();
                assertEquals(100, counts[0]);
                assertEquals(10, counts[1]);
                assertEquals(1, counts[2]);
            }
            assertEquals("row-1000+++", scalar(c, "SELECT label FROM " + table + " WHERE id = 1000"));
            try (Statement st = c.createStatement()) {
                directly("DROP TABLE " + table);
            }
        }
    }
}
