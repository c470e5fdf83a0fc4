package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pgguard.it.support.PgGuardExtension;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

/** COPY FROM STDIN and COPY TO STDOUT through pgguard with pgjdbc's CopyManager. */
class CopyIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static final int ROWS = 100_000;

    private static String rows(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            // tabs and backslashes escaped as COPY text format wants; a NULL every 1000 rows
            sb.append(i).append('\t').append("name ").append(i).append(" \\\\ \\t é").append('\t')
                    .append(i % 1000 == 0 ? "\\N" : String.valueOf(i * 3L)).append('\n');
        }
        return sb.toString();
    }

    /** Creates {@code table} (id, name, n) through pgguard, dropping the previous run's leftover directly. */
    private static void freshTable(Connection c, String table) throws Exception {
        directly("DROP TABLE IF EXISTS " + table);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + "(id int PRIMARY KEY, name text, n bigint)");
        }
    }

    @Test
    void copyInThenCopyOut() throws Exception {
        try (Connection c = pgguard.connect()) {
            freshTable(c, "copy_rows");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String in = rows(1, ROWS);
            long copied = copy.copyIn("COPY copy_rows FROM STDIN", new StringReader(in));
            assertEquals(ROWS, copied);
            assertEquals(String.valueOf(ROWS), scalar(c, "SELECT count(*) FROM copy_rows"));
            assertEquals("100", scalar(c, "SELECT count(*) FROM copy_rows WHERE n IS NULL"));
            assertEquals("name 5 \\ \t é", scalar(c, "SELECT name FROM copy_rows WHERE id = 5"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long exported = copy.copyOut("COPY (SELECT * FROM copy_rows ORDER BY id) TO STDOUT", out);
            assertEquals(ROWS, exported);
            assertEquals(in, out.toString(StandardCharsets.UTF_8), "COPY OUT gives back exactly what COPY IN sent");

            // binary COPY too: same row count, header and trailer intact
            ByteArrayOutputStream bin = new ByteArrayOutputStream();
            assertEquals(ROWS, copy.copyOut("COPY copy_rows TO STDOUT (FORMAT binary)", bin));
            byte[] b = bin.toByteArray();
            assertEquals("PGCOPY\n\377\r\n\0", new String(b, 0, 11, StandardCharsets.ISO_8859_1));
            assertEquals(-1, (short) (((b[b.length - 2] & 0xff) << 8) | (b[b.length - 1] & 0xff)), "trailer");
            directly("DROP TABLE copy_rows");
        }
    }

    @Test
    void copyInFailingMidwayReports22P02AndTheSessionGoesOn() throws Exception {
        try (Connection c = pgguard.connect()) {
            freshTable(c, "copy_bad");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String data = rows(1, 50_000) + "50001\tbad row\tnot-a-number\n" + rows(50_002, ROWS);
            PSQLException e = assertSqlState("22P02",
                    () -> copy.copyIn("COPY copy_bad FROM STDIN", new StringReader(data)));
            assertEquals("22P02", e.getServerErrorMessage().getSQLState());
            assertEquals("invalid input syntax for type bigint: \"not-a-number\"", e.getServerErrorMessage().getMessage());
            assertAlive(c);
            assertEquals("0", scalar(c, "SELECT count(*) FROM copy_bad"), "the failed COPY left nothing behind");
            // and COPY works again on the same session
            assertEquals(3, copy.copyIn("COPY copy_bad FROM STDIN", new StringReader(rows(1, 3))));
            assertEquals("3", scalar(c, "SELECT count(*) FROM copy_bad"));
            directly("DROP TABLE copy_bad");
        }
    }
}
