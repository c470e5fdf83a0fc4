package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFiles;
import dev.pgguard.audit.AuditWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static dev.pgguard.cli.AuditLogFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pgguard audit tail} on logs written by the real writer ({@link AuditLogFixture#writeStory}). */
class AuditTailCommandTest {

    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;

    @BeforeEach
    void writeLog() throws Exception {
        AuditLogFixture.writeStory(dir);
    }

    @Test
    void oneReadableLinePerRecordInOrder() {
        CliRun r = tail();

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertEquals(14, r.lines().size(), r::describe);
        assertEquals(range(1, 14), seqs(r), r::describe);
        assertEquals("10:00:04.000      5  statement.held         s:1     cursor-ci  app  #2  hold k7p2xq  "
                + "DELETE FROM orders WHERE id = 3", r.lines().get(4), r::describe);
        assertEquals("10:00:05.000      6  hold.approved          s:1     cursor-ci  app  #2  hold k7p2xq  by alice  "
                + "\"ok\"  waited 4.0s", r.lines().get(5));
        assertEquals("10:00:06.000      7  statement.outcome      s:1     cursor-ci  app  #2  DELETE 3  800us",
                r.lines().get(6));
        assertEquals("10:00:08.000      9  statement.refused      s:2     claude  prod  #1  "
                + "\"drop: denied by policy\"  DROP TABLE users", r.lines().get(8));
        assertTrue(r.lines().get(11).contains("#3  error 23505  duplicate key value violates unique constraint"),
                r::describe);
        assertEquals("10:00:13.000     14  audit.closed           12 records", r.lines().get(13));
        assertEquals("", r.err());
    }

    @Test
    void theLastNRecords() {
        CliRun r = tail("-n", "3");
        assertEquals(List.of(12L, 13L, 14L), seqs(r), r::describe);

        r = tail("-n", "0");
        assertEquals("", r.out(), r::describe);

        r = tail("-n", "-1");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
    }

    @Test
    void filtersByDecisionAgentTableAndTime() {
        assertEquals(List.of(5L, 10L, 11L), seqs(tail("--decision", "held,denied")));
        assertEquals(List.of(5L, 10L, 11L), seqs(tail("--decision", "held", "--decision", "denied")));
        assertEquals(List.of(3L, 6L, 9L), seqs(tail("--decision", "allowed,approved,refused")));
        assertEquals(List.of(8L, 9L, 10L, 11L), seqs(tail("--agent", "claude")));
        assertEquals(List.of(3L, 9L), seqs(tail("--table", "users")));
        assertEquals(List.of(10L), seqs(tail("--table", "accounts", "--agent", "claude", "--decision", "held")));
        assertEquals(List.of(), seqs(tail("--agent", "nobody")));
        assertEquals(List.of(12L, 13L, 14L), seqs(tail("--since", "2026-11-25T10:00:11Z")));
        // The fixture's "now" is an hour after seq 14.
        assertEquals(List.of(), seqs(tail("--since", "30m")));
        assertEquals(range(1, 14), seqs(tail("--since", "2h")));
        assertEquals(List.of(10L, 11L), seqs(tail("--agent", "claude", "-n", "2")));
    }

    @Test
    void badFilterValuesAreUsageErrors() {
        CliRun r = tail("--decision", "held,maybe");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("unknown decision 'maybe': expected one of allowed, refused, held, approved, "
                + "denied, timed_out, cancelled"), r::describe);

        r = tail("--since", "yesterday");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("--since takes a duration (30s, 10m, 1h, 2d)"), r::describe);
    }

    @Test
    void jsonPrintsTheLinesAsTheyAreInTheFile() throws Exception {
        List<String> file = AuditLogFixture.lines(dir.resolve("audit.jsonl"));

        CliRun r = tail("--json", "--decision", "held,denied");

        assertEquals(List.of(file.get(4), file.get(9), file.get(10)), r.lines(), r::describe);
        assertEquals(file, tail("--json").lines());
    }

    @Test
    void theDateIsShownWhenNotToday() {
        CliRun r = AuditLogFixture.run(cl -> AuditLogFixture.pin(cl, false, Map.of(), at(1).plusSeconds(86_400)),
                "audit", "tail", "-n", "1", "--dir", dir.toString());

        assertTrue(r.out().startsWith("2026-11-25 10:00:13.000     14  audit.closed"), r::describe);
    }

    @Test
    void theSqlIsCutToTheTerminalWidth() {
        CliRun r = AuditLogFixture.run(cl -> AuditLogFixture.pin(cl, false, Map.of("COLUMNS", "110"), at(14)),
                "audit", "tail", "--decision", "held", "--dir", dir.toString());

        String held = r.lines().get(0);
        assertEquals("10:00:04.000      5  statement.held         s:1     cursor-ci  app  #2  hold k7p2xq  "
                + "DELETE FROM orders WHE...",
                held, r::describe);
        assertEquals(110, held.length());
    }

    @Test
    void coloursOnATerminalUnlessNoColorOrDumb() {
        CliRun coloured = AuditLogFixture.run(cl -> AuditLogFixture.pin(cl, true, Map.of(), at(14)),
                "audit", "tail", "--dir", dir.toString());
        assertTrue(coloured.out().contains("\u001b[33mstatement.held\u001b[0m"), coloured::describe);
        assertTrue(coloured.out().contains("\u001b[31mhold.denied\u001b[0m"), coloured::describe);

        for (Map<String, String> env : List.of(Map.of("NO_COLOR", "1"), Map.of("TERM", "dumb"))) {
            CliRun plain = AuditLogFixture.run(cl -> AuditLogFixture.pin(cl, true, env, at(14)),
                    "audit", "tail", "--dir", dir.toString());
            assertFalse(plain.out().contains(ESC), plain::describe);
            assertEquals(tail().out(), plain.out());
        }
    }

    @Test
    void controlCharactersFromTheAgentAreEscaped() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        AuditLogFixture.TestClock clock = new AuditLogFixture.TestClock(at(1));
        try (AuditWriter w = AuditLogFixture.open(other, clock, 0)) {
            AuditLogFixture.append(w, clock, 2, AuditLogFixture.statement(AuditEvent.STATEMENT_ALLOWED, "1",
                    "evil\u001b[2J", "app", 1, "SELECT '\u001b[31mred'; -- \u202e\r\nSELECT 2", "t"));
        }

        CliRun r = AuditLogFixture.run("audit", "tail", "-n", "2", "--dir", other.toString());

        String line = r.lines().get(0);
        assertFalse(r.out().contains("\u001b"), r::describe);
        assertTrue(line.endsWith("evil\\u001b[2J  app  #1  SELECT '\\u001b[31mred'; -- \\u202e SELECT 2"), line);
    }

    @Test
    void readsBackAcrossRotatedFilesNewestFirst() throws Exception {
        Path rotating = Files.createDirectory(dir.resolve("rotating"));
        AuditLogFixture.TestClock clock = new AuditLogFixture.TestClock(at(1));
        try (AuditWriter w = AuditLogFixture.open(rotating, clock, 1024)) {
            for (int n = 2; n <= 40; n++) {
                AuditLogFixture.append(w, clock, n, AuditLogFixture.statement(AuditEvent.STATEMENT_ALLOWED, "1",
                        "cursor-ci", "app", n, "SELECT " + n, "t"));
            }
        }
        assertTrue(new AuditFiles(rotating, "audit.jsonl").rotated().size() > 3);

        CliRun all = AuditLogFixture.run("audit", "tail", "-n", "1000", "--dir", rotating.toString());
        List<Long> seqs = seqs(all);
        assertEquals(range(1, seqs.size()), seqs, all::describe);
        assertTrue(seqs.size() > 45, all::describe); // 41 records and an audit.rotated per file

        CliRun last = AuditLogFixture.run("audit", "tail", "-n", "25", "--dir", rotating.toString());
        assertEquals(seqs.subList(seqs.size() - 25, seqs.size()), seqs(last), last::describe);

        CliRun lastStatements = AuditLogFixture.run("audit", "tail", "-n", "25", "--decision", "allowed",
                "--dir", rotating.toString());
        List<String> sql = lastStatements.lines().stream().map(l -> l.substring(l.lastIndexOf("  ") + 2)).toList();
        assertEquals(IntStream.rangeClosed(16, 40).mapToObj(n -> "SELECT " + n).toList(), sql,
                lastStatements::describe);
    }

    @Test
    void aLineThatIsNotARecordIsSkippedWithAWarning() throws Exception {
        Path live = dir.resolve("audit.jsonl");
        List<String> lines = AuditLogFixture.lines(live);
        lines.add(3, "{\"v\":1,\"seq\":");
        Files.write(live, lines, StandardCharsets.UTF_8);
        Files.writeString(live, "{\"v\":1,\"seq\":99,\"event\":\"statement.all", StandardOpenOption.APPEND);

        CliRun r = tail();

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertEquals(range(1, 14), seqs(r), r::describe);
        List<String> warnings = r.err().lines().toList();
        assertEquals(2, warnings.size(), r::describe);
        assertTrue(warnings.get(0).startsWith("pgguard: warning: skipped audit.jsonl line 4: not valid JSON"),
                r::describe);
        assertEquals("pgguard: warning: skipped audit.jsonl line 16: no newline at its end (being written, or torn)",
                warnings.get(1));
    }

    @Test
    void noLogIsNoInput() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        CliRun r = AuditLogFixture.run("audit", "tail", "--dir", empty.toString());

        assertEquals(AuditCommand.NO_INPUT, r.exitCode(), r::describe);
        assertEquals("pgguard: no audit log in " + empty + " (no audit.jsonl or audit-<time>.jsonl there)\n",
                r.err());
    }

    @Test
    void anUnreadableLogIsAnIoError() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken").resolve("audit.jsonl"));

        CliRun r = AuditLogFixture.run("audit", "tail", "--dir", broken.getParent().toString());

        assertEquals(ExitCodes.IO, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("pgguard: cannot read the audit log: "), r::describe);
    }

    @Test
    void theDirectoryComesFromTheConfigFileWithoutDir() throws Exception {
        String config = CliRun.writeConfig(Files.createDirectory(dir.resolve("conf")),
                "audit:\n  directory: " + dir + "\n");

        CliRun r = AuditLogFixture.run("audit", "tail", "-n", "1", "--config", config);

        assertEquals(List.of(14L), seqs(r), r::describe);
    }

    private CliRun tail(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "audit";
        all[1] = "tail";
        all[2] = "--dir";
        all[3] = dir.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return AuditLogFixture.run(all);
    }

    /** The seq column of tail's lines. */
    static List<Long> seqs(CliRun r) {
        return r.lines().stream().map(l -> Long.parseLong(l.substring(12, 19).strip())).toList();
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
