package dev.pgguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.AuditConfig;
import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit table against a real PostgreSQL, fed by the real writer through real files. */
class AuditTableSinkTest {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration RETRY = Duration.ofMillis(100);

    private static EmbeddedPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDatabase() throws IOException {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    private static AuditConfig.Table table(String name, int batchSize, int port) {
        return new AuditConfig.Table(name, batchSize, new UpstreamConfig("localhost", port, Optional.of("postgres"),
                "postgres", Optional.empty(), SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(2)));
    }

    private AuditTableSink sink(AuditConfig.Table table, AuditWriter writer) {
        return AuditTableSink.start(table, new AuditFiles(dir, "audit.jsonl"),
                writer == null ? () -> 0 : () -> writer.health().lastSeq(), POLL, RETRY);
    }

    private static Connection db(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    private static List<String> tableLines(int port, String table) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = db(port); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT line FROM " + table + " ORDER BY seq")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    private static long scalar(int port, String sql) throws SQLException {
        try (Connection c = db(port); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The lines of a log of {@code records} records written in {@code dir} and closed. */
    private static List<String> closedLog(Path dir, int records) throws Exception {
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(writer, 1, records);
        writer.close();
        return TestLogs.lines(dir.resolve("audit.jsonl"));
    }

    /** Every line of every file, in chain order. */
    private List<String> fileLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : new AuditFiles(dir, "audit.jsonl").inOrder()) {
            lines.addAll(TestLogs.lines(f));
        }
        return lines;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void awaitShipped(AuditTableSink sink, long seq) throws InterruptedException {
        await("seq " + seq + " shipped, now " + sink.health(), () -> sink.health().shippedSeq() >= seq);
    }

    @Test
    void recordsAppearWithTheirExactLinesInOrderAndTheDerivedColumns() throws Exception {
        int port = pg.getPort();
        try (Connection c = db(port); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS audit");
        }
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        AuditTableSink sink = sink(table("audit.shipped", 1000, port), writer);
        TestLogs.appendAll(writer, 1, 20);
        TestLogs.await(writer.append(AuditRecord.builder(AuditEvent.SESSION_AUTHENTICATED).put(AuditFields.SESSION, "1f")
                .put(AuditFields.AGENT, "claude").put(AuditFields.ENVIRONMENT, "staging")
                .put(AuditFields.DATABASE, "app").put(AuditFields.USER, "app\u0000x").build()));
        awaitShipped(sink, writer.health().lastSeq());
        assertEquals(AuditTableHealth.Status.OK, sink.health().status());
        assertEquals(0, sink.health().lagRecords());
        writer.close();
        sink.close();

        List<String> lines = tableLines(port, "audit.shipped");
        assertEquals(fileLines(), lines, "every line, byte for byte, in order, audit.closed included");
        assertTrue(lines.get(lines.size() - 1).contains("\"event\":\"audit.closed\""));
        try (Connection c = db(port); PreparedStatement ps = c.prepareStatement("SELECT seq, time, event, agent, "
                + "session, environment, record->>'user', record->>'database' FROM audit.shipped "
                + "WHERE event = 'session.authenticated'")) {
            ResultSet rs = ps.executeQuery();
            rs.next();
            AuditLine record = AuditLine.parse(lines.get(rs.getInt(1) - 1));
            assertEquals(java.time.Instant.parse(record.time()),
                    rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
            assertEquals("session.authenticated", rs.getString(3));
            assertEquals("claude", rs.getString(4));
            assertEquals("1f", rs.getString(5));
            assertEquals("staging", rs.getString(6));
            assertEquals("app\ufffdx", rs.getString(7), "jsonb cannot hold U+0000: the record column shows U+FFFD");
            assertEquals("app", rs.getString(8));
        }
        assertEquals(20, scalar(port, "SELECT count(*) FROM audit.shipped WHERE record->>'agent' = 'cursor-ci' "
                + "AND record->'kinds' ? 'SELECT'"));
    }

    @Test
    void theLiveFileRotatingWhileShippingMissesAndDoublesNothing() throws Exception {
        int port = pg.getPort();
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir).withRotation(4_000, false), Clock.systemUTC());
        AuditTableSink sink = sink(table("rotating", 7, port), writer);
        for (int i = 0; i < 30; i++) {
            TestLogs.appendAll(writer, i * 10L + 1, 10);
            Thread.sleep(3);
        }
        writer.close();
        awaitShipped(sink, writer.health().lastSeq());
        sink.close();
        assertTrue(new AuditFiles(dir, "audit.jsonl").rotated().size() > 20, "rotated often");
        List<String> lines = tableLines(port, "rotating");
        assertEquals(fileLines(), lines);
        assertEquals(writer.health().lastSeq(), lines.size());
    }

    @Test
    void aDatabaseOutageLosesNothing(@TempDir Path data) throws Exception {
        int port = freePort();
        EmbeddedPostgres own = ownDatabase(data, port);
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir).withRotation(8_000, false), Clock.systemUTC());
        AuditTableSink sink = sink(table("outage", 50, port), writer);
        try {
            TestLogs.appendAll(writer, 1, 10);
            awaitShipped(sink, writer.health().lastSeq());
            long before = writer.health().lastSeq();
            own.close();
            TestLogs.appendAll(writer, 11, 100);
            await("the outage noticed", () -> sink.health().status() == AuditTableHealth.Status.RETRYING);
            assertTrue(sink.health().lagRecords() >= 100, sink.health().toString());
            assertTrue(sink.health().lastError().startsWith("the audit database failed: "), sink.health().lastError());
            assertEquals(before, sink.health().shippedSeq());
            own = ownDatabase(data, port);
            TestLogs.appendAll(writer, 111, 10);
            awaitShipped(sink, writer.health().lastSeq());
            assertEquals(AuditTableHealth.Status.OK, sink.health().status());
            assertEquals(fileLines(), tableLines(port, "outage"), "no gap, nothing twice");
        } finally {
            writer.close();
            sink.close();
            own.close();
        }
    }

    @Test
    void aRestartShipsOnlyWhatTheTableDoesNotHave() throws Exception {
        int port = pg.getPort();
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir).withRotation(4_000, false), Clock.systemUTC());
        AuditTableSink first = sink(table("resumed", 1000, port), writer);
        TestLogs.appendAll(writer, 1, 60);
        awaitShipped(first, writer.health().lastSeq());
        first.close();
        long shipped = scalar(port, "SELECT max(seq) FROM resumed");
        try (Connection c = db(port); Statement st = c.createStatement()) {
            // counts the rows offered to the table, those ON CONFLICT DO NOTHING drops included
            st.execute("CREATE TABLE offered (n bigint)");
            st.execute("INSERT INTO offered VALUES (0)");
            st.execute("CREATE FUNCTION count_offered() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN UPDATE offered SET n = n + 1; RETURN NEW; END'");
            st.execute("CREATE TRIGGER count_offered BEFORE INSERT ON resumed FOR EACH ROW "
                    + "EXECUTE FUNCTION count_offered()");
        }
        TestLogs.appendAll(writer, 61, 40);
        writer.close();
        AuditTableSink second = sink(table("resumed", 1000, port), writer);
        awaitShipped(second, writer.health().lastSeq());
        second.close();
        assertEquals(fileLines(), tableLines(port, "resumed"));
        assertEquals(writer.health().lastSeq() - shipped, scalar(port, "SELECT n FROM offered"),
                "only the records after seq " + shipped);
    }

    @Test
    void aTableOfAnotherLogIsNotContinued(@TempDir Path other) throws Exception {
        int port = pg.getPort();
        List<String> otherLines = closedLog(other, 10);
        try (Connection c = db(port); Statement st = c.createStatement()) {
            st.execute(new AuditTable(null, "other_log").ddl());
            for (String line : otherLines.subList(0, 5)) {
                AuditLine r = AuditLine.parse(line);
                st.execute("INSERT INTO other_log (seq, time, event, line) VALUES (" + r.seq() + ", '" + r.time()
                        + "', '" + r.event() + "', '" + line.replace("'", "''") + "')");
            }
        }
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(writer, 1, 10);
        String error = stoppedWith("other_log", writer);
        String mine = AuditLine.parse(TestLogs.lines(dir.resolve("audit.jsonl")).get(4)).hash();
        String theirs = AuditLine.parse(otherLines.get(4)).hash();
        assertEquals("audit table other_log does not continue this audit log: its highest record, seq 5, has hash "
                + theirs + ", but seq 5 in " + dir.resolve("audit.jsonl") + " (line 5) has hash " + mine
                + ". Nothing is shipped to it, so that two logs never mix in one table. Name a new table in "
                + "audit.table.name (pgguard creates it), or point audit.directory at the log this table was "
                + "shipped from.", error);
        assertEquals(otherLines.subList(0, 5), tableLines(port, "other_log"), "nothing shipped");
    }

    /** Starts a sink on the table, waits until it stops, closes it and the writer, and returns why it stopped. */
    private String stoppedWith(String name, AuditWriter writer) throws InterruptedException {
        AuditTableSink sink = sink(table(name, 1000, pg.getPort()), writer);
        try {
            await("stopped", () -> sink.health().status() == AuditTableHealth.Status.STOPPED);
            return sink.health().lastError();
        } finally {
            if (writer != null) {
                writer.close();
            }
            sink.close();
        }
    }

    @Test
    void aTableAheadOfTheFilesIsNotContinued(@TempDir Path other) throws Exception {
        int port = pg.getPort();
        AuditWriter otherLog = AuditWriter.open(TestLogs.settings(other), Clock.systemUTC());
        AuditTableSink first = AuditTableSink.start(table("ahead", 1000, port), new AuditFiles(other, "audit.jsonl"),
                () -> 0, POLL, RETRY);
        TestLogs.appendAll(otherLog, 1, 30);
        otherLog.close();
        first.close();
        AuditWriter writer = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(writer, 1, 3);
        String error = stoppedWith("ahead", writer);
        assertTrue(error.startsWith("audit table ahead does not continue this audit log: its highest record is "
                + "seq 32, but the audit files in " + dir + " end at seq 4."), error);
    }

    @Test
    void anUnfinishedLastLineWaitsForItsNewline(@TempDir Path source) throws Exception {
        int port = pg.getPort();
        List<String> lines = closedLog(source, 5);
        String last = lines.get(lines.size() - 1);
        Path live = dir.resolve("audit.jsonl");
        TestLogs.writeLines(live, lines.subList(0, lines.size() - 1));
        TestLogs.appendBytes(live, last.substring(0, 40).getBytes(StandardCharsets.UTF_8));
        AuditTableSink sink = sink(table("unfinished", 1000, port), null);
        try {
            awaitShipped(sink, lines.size() - 1);
            Thread.sleep(POLL.toMillis() * 10);
            assertEquals(lines.size() - 1, scalar(port, "SELECT count(*) FROM unfinished"));
            TestLogs.appendBytes(live, (last.substring(40) + "\n").getBytes(StandardCharsets.UTF_8));
            awaitShipped(sink, lines.size());
            assertEquals(lines, tableLines(port, "unfinished"));
        } finally {
            sink.close();
        }
    }

    @Test
    void aTableOfAnotherShapeIsReported() throws Exception {
        try (Connection c = db(pg.getPort()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE misshapen (seq int, time text, line text)");
        }
        String error = stoppedWith("misshapen", null);
        assertTrue(error.startsWith("audit table misshapen exists with another shape: its column seq is integer, "
                + "not bigint; its column time is text, not timestamp with time zone; it has no column event (text); "
                + "it has no column agent (text); it has no column session (text); it has no column environment "
                + "(text); it has no column record (jsonb); seq is not its primary key (nor has a unique index of its "
                + "own). Nothing is shipped to it."), error);
    }

    private static EmbeddedPostgres ownDatabase(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
