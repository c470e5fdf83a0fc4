package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Binary-format values through pgguard: {@code prepareThreshold=-1} makes pgjdbc use a named statement and binary
 * results from the first execution, so every value below crosses the proxy in its binary wire form (where pgjdbc
 * has a binary codec) and comes back exactly as it went in.
 */
class BinaryTransferIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private static Connection connect() throws Exception {
        return pgguard.connect("binaryTransfer=true", "prepareThreshold=-1");
    }

    @BeforeAll
    static void createTable() throws Exception {
        directly("DROP TABLE IF EXISTS bin_types",
                "CREATE TABLE bin_types(id int PRIMARY KEY, i4 int4, i8 int8, n numeric, b bytea,"
                        + " ts timestamptz, u uuid, ia int4[], ta text[], j jsonb)");
    }

    @AfterAll
    static void dropTable() throws Exception {
        directly("DROP TABLE IF EXISTS bin_types");
    }

    @Test
    void integers() throws Exception {
        int[] i4s = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        long[] i8s = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        try (Connection c = connect()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, i4, i8) VALUES (?, ?, ?)")) {
                for (int k = 0; k < i4s.length; k++) {
                    ins.setInt(1, 100 + k);
                    ins.setInt(2, i4s[k]);
                    ins.setLong(3, i8s[k]);
                    assertEquals(1, ins.executeUpdate());
                }
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT i4, i8 FROM bin_types WHERE id = ?")) {
                for (int k = 0; k < i4s.length; k++) {
                    sel.setInt(1, 100 + k);
                    try (ResultSet rs = sel.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(i4s[k], rs.getInt(1));
                        assertEquals(i8s[k], rs.getLong(2));
                        assertEquals(Integer.class, rs.getObject(1).getClass());
                        assertEquals(Long.class, rs.getObject(2).getClass());
                    }
                }
            }
        }
    }

    @Test
    void numerics() throws Exception {
        String[] values = {
            "0", "-0.000001", "12345678901234567890.123456789012345678901234567890",
            "1" + "0".repeat(120), "0." + "0".repeat(200) + "1", "-99999999999999999999999999999.9999", "1.10",
        };
        try (Connection c = connect()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, n) VALUES (?, ?)")) {
                for (int k = 0; k < values.length; k++) {
                    ins.setInt(1, 200 + k);
                    ins.setBigDecimal(2, new BigDecimal(values[k]));
                    assertEquals(1, ins.executeUpdate());
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, n) VALUES (?, 'NaN'::numeric)")) {
                ins.setInt(1, 299);
                assertEquals(1, ins.executeUpdate());
            }
            try (Connection direct = UpstreamPostgres.get().connectDirect("binaryTransfer=true", "prepareThreshold=-1");
                 PreparedStatement sel = c.prepareStatement("SELECT n, n::text FROM bin_types WHERE id = ?");
                 PreparedStatement ref = direct.prepareStatement("SELECT n FROM bin_types WHERE id = ?")) {
                for (int k = 0; k < values.length; k++) {
                    sel.setInt(1, 200 + k);
                    ref.setInt(1, 200 + k);
                    try (ResultSet rs = sel.executeQuery(); ResultSet rr = ref.executeQuery()) {
                        assertTrue(rs.next());
                        assertTrue(rr.next());
                        BigDecimal got = rs.getBigDecimal(1);
                        assertEquals(0, new BigDecimal(values[k]).compareTo(got), () -> "value, got " + got);
                        // the same driver reading the same row directly decodes the same BigDecimal, scale included
                        assertEquals(rr.getBigDecimal(1), got);
                        assertEquals(new BigDecimal(values[k]).toPlainString(), rs.getString(2), "the stored scale");
                    }
                }
                sel.setInt(1, 299);
                try (ResultSet rs = sel.executeQuery()) {
                    assertTrue(rs.next());
                    assertTrue(Double.isNaN(rs.getDouble(1)), "NaN");
                    assertEquals("NaN", rs.getString(2));
                }
            }
        }
    }

    @Test
    void byteas() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] mb = new byte[1 << 20];
        new Random(42).nextBytes(mb);
        byte[][] values = {new byte[0], all, mb};
        try (Connection c = connect()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, b) VALUES (?, ?)")) {
                for (int k = 0; k < values.length; k++) {
                    ins.setInt(1, 300 + k);
                    ins.setBytes(2, values[k]);
                    assertEquals(1, ins.executeUpdate());
                }
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT b, length(b), md5(b) FROM bin_types WHERE id = ?")) {
                for (int k = 0; k < values.length; k++) {
                    sel.setInt(1, 300 + k);
                    try (ResultSet rs = sel.executeQuery()) {
                        assertTrue(rs.next());
                        assertArrayEquals(values[k], rs.getBytes(1));
                        assertEquals(values[k].length, rs.getInt(2), "the server stored every byte");
                        assertEquals(md5Hex(values[k]), rs.getString(3));
                    }
                }
            }
        }
    }

    @Test
    void timestampsAndUuids() throws Exception {
        OffsetDateTime[] times = {
            OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000, ZoneOffset.ofHours(5)),
            OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC),
            OffsetDateTime.of(2262, 4, 11, 23, 47, 16, 854_775_000, ZoneOffset.ofHoursMinutes(-9, -30)),
        };
        UUID[] uuids = {UUID.randomUUID(), new UUID(0, 0), new UUID(-1, -1)};
        try (Connection c = connect()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, ts, u) VALUES (?, ?, ?)")) {
                for (int k = 0; k < times.length; k++) {
                    ins.setInt(1, 400 + k);
                    ins.setObject(2, times[k]);
                    ins.setObject(3, uuids[k]);
                    assertEquals(1, ins.executeUpdate());
                }
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT ts, u, extract(epoch FROM ts) FROM bin_types WHERE id = ?")) {
                for (int k = 0; k < times.length; k++) {
                    sel.setInt(1, 400 + k);
                    try (ResultSet rs = sel.executeQuery()) {
                        assertTrue(rs.next());
                        OffsetDateTime back = rs.getObject(1, OffsetDateTime.class);
                        assertEquals(times[k].toInstant(), back.toInstant());
                        assertEquals(uuids[k], rs.getObject(2, UUID.class));
                        BigDecimal epoch = rs.getBigDecimal(3);
                        BigDecimal expected = BigDecimal.valueOf(times[k].toEpochSecond())
                                .add(BigDecimal.valueOf(times[k].getNano() / 1000, 6));
                        assertEquals(0, expected.compareTo(epoch), () -> "epoch " + epoch + " vs " + expected);
                    }
                }
            }
        }
    }

    @Test
    void arrays() throws Exception {
        Integer[] ints = {1, null, -3, Integer.MAX_VALUE, Integer.MIN_VALUE};
        String[] texts = {"plain", "", null, "with,comma", "with \"quotes\" and \\backslash", "NULL", "日本語", "{braces}"};
        try (Connection c = connect()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, ia, ta) VALUES (?, ?, ?)")) {
                ins.setInt(1, 500);
                ins.setArray(2, c.createArrayOf("int4", ints));
                ins.setArray(3, c.createArrayOf("text", texts));
                assertEquals(1, ins.executeUpdate());
            }
            try (PreparedStatement sel = c.prepareStatement(
                    "SELECT ia, ta, cardinality(ia), cardinality(ta), ta[3] IS NULL FROM bin_types WHERE id = ?")) {
                for (int run = 0; run < 2; run++) {
                    sel.setInt(1, 500);
                    try (ResultSet rs = sel.executeQuery()) {
                        assertTrue(rs.next());
                        Array ia = rs.getArray(1);
                        Array ta = rs.getArray(2);
                        assertArrayEquals(ints, (Integer[]) ia.getArray());
                        assertArrayEquals(texts, (String[]) ta.getArray());
                        assertEquals(ints.length, rs.getInt(3));
                        assertEquals(texts.length, rs.getInt(4));
                        assertTrue(rs.getBoolean(5), "NULL element stays NULL, \"NULL\" text stays text");
                        assertFalse(rs.next());
                    }
                }
            }
        }
    }

    @Test
    void jsonb() throws Exception {
        String json = "{\"b\": [1, 2.50, null, true], \"a\": \"é \\\"q\\\" \\u263a\", \"nested\": {\"x\": {}}, \"big\": 123456789012345678901234567890}";
        String normalized;
        try (Connection direct = UpstreamPostgres.get().connectDirect();
             PreparedStatement ps = direct.prepareStatement("SELECT ?::jsonb::text")) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                normalized = rs.getString(1);
            }
        }
        try (Connection c = connect()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bin_types(id, j) VALUES (?, ?)")) {
                ins.setInt(1, 600);
                ins.setObject(2, json, Types.OTHER);
                assertEquals(1, ins.executeUpdate());
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT j, j->'b'->>1, j->'nested' FROM bin_types WHERE id = ?")) {
                sel.setInt(1, 600);
                try (ResultSet rs = sel.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(normalized, rs.getString(1));
                    assertEquals("2.50", rs.getString(2));
                    assertEquals("{\"x\": {}}", rs.getString(3));
                    assertEquals("jsonb", ((org.postgresql.util.PGobject) rs.getObject(1)).getType());
                }
            }
        }
    }

    private static String md5Hex(byte[] data) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(data);
        StringBuilder sb = new StringBuilder();
        for (byte x : d) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
