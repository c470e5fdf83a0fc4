package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFields;
import dev.pgguard.audit.AuditWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.pgguard.cli.AuditLogFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pgguard audit show} by seq, session and hold, on the story of {@link AuditLogFixture#writeStory}. */
class AuditShowCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSeqShowsThatRecordInFullWithTheSqlWhole() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun r = show("5");

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        List<String> lines = r.lines();
        assertEquals("audit.jsonl line 5", lines.get(0));
        assertEquals(List.of(
                "  v         1",
                "  seq       5",
                "  time      2026-11-25T10:00:04.000000Z",
                "  event     statement.held",
                "  session   1",
                "  agent     cursor-ci",
                "  client    127.0.0.1:50000",
                "  database  app",
                "  query     2",
                "  protocol  simple",
                "  sql       DELETE FROM orders",
                "              WHERE id = 3",
                "  tables    [\"orders\"]",
                "  hold      k7p2xq"), lines.subList(1, 15), r::describe);
        assertTrue(lines.get(15).matches("  prev      [0-9a-f]{64}"), r::describe);
        assertTrue(lines.get(16).matches("  hash      [0-9a-f]{64}"), r::describe);
        assertEquals(17, lines.size(), r::describe);
    }

    @Test
    void durationsAlsoInHumanUnits() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun r = show("6");

        assertTrue(r.lines().contains("  wait_us   4000000 (4.0s)"), r::describe);
    }

    @Test
    void aSessionShowsItsRecordsInOrder() throws Exception {
        AuditLogFixture.writeStory(dir);

        assertEquals(List.of(8L, 9L, 10L, 11L), seqs(show("s:2")));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 12L, 13L), seqs(show("s:1")));
    }

    @Test
    void aHoldShowsTheHeldStatementItsDecisionAndItsOutcome() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun approved = show("k7p2xq");
        assertEquals(List.of(5L, 6L, 7L), seqs(approved), approved::describe);
        assertTrue(approved.out().contains("  tag          DELETE 3\n"), approved::describe);

        CliRun denied = show("m3n4p5");
        assertEquals(List.of(10L, 11L), seqs(denied), denied::describe);

        assertEquals(seqs(approved), seqs(show("h:k7p2xq")));
    }

    @Test
    void jsonPrintsTheLinesAsTheyAreInTheFile() throws Exception {
        AuditLogFixture.writeStory(dir);
        List<String> file = AuditLogFixture.lines(dir.resolve("audit.jsonl"));

        assertEquals(List.of(file.get(4), file.get(5), file.get(6)), show("k7p2xq", "--json").lines());
        assertEquals(List.of(file.get(0)), show("1", "--json").lines());
        assertEquals(file.subList(7, 11), show("s:2", "--json").lines());
    }

    @Test
    void nothingMatchingExitsOne() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun r = show("999");
        assertEquals(AuditCommand.NOT_FOUND, r.exitCode(), r::describe);
        assertEquals("pgguard: no record with seq 999 in " + dir + "\n", r.err());
        assertEquals("", r.out());

        r = show("s:77");
        assertEquals(AuditCommand.NOT_FOUND, r.exitCode(), r::describe);
        assertEquals("pgguard: no records of session 77 in " + dir + "\n", r.err());

        r = show("zzzzzz");
        assertEquals(AuditCommand.NOT_FOUND, r.exitCode(), r::describe);
        assertEquals("pgguard: no records of hold zzzzzz in " + dir + "\n", r.err());
    }

    @Test
    void somethingThatIsNoIdIsAUsageError() throws Exception {
        AuditLogFixture.writeStory(dir);

        for (String id : List.of("k7p", "0", "s:", "drop table")) {
            CliRun r = show(id);
            assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
            assertTrue(r.err().contains("not a record id: '" + id + "'"), r::describe);
        }
    }

    @Test
    void theSameSessionIdInTwoRunsIsShownAsTwoSessions() throws Exception {
        AuditLogFixture.writeStory(dir);
        AuditLogFixture.TestClock clock = new AuditLogFixture.TestClock(at(100));
        try (AuditWriter w = AuditLogFixture.open(dir, clock, 0)) {
            AuditLogFixture.append(w, clock, 101, AuditLogFixture.statement(AuditEvent.STATEMENT_ALLOWED, "2",
                    "claude", "prod", 1, "SELECT 1", "t"));
        }

        CliRun r = show("s:2");

        assertEquals(List.of(8L, 9L, 10L, 11L, 16L), seqs(r), r::describe);
        List<String> headings = r.lines().stream().filter(l -> l.startsWith("==")).toList();
        assertEquals(List.of("== the run of pgguard that began at seq 1, 2026-11-25T10:00:00.000000Z",
                "== the run of pgguard that began at seq 15, 2026-11-25T10:01:39.000000Z"), headings, r::describe);
    }

    @Test
    void colouredOnATerminalAndPlainWithNoColor() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun coloured = AuditLogFixture.run(cl -> AuditLogFixture.pin(cl, true, Map.of(), at(14)),
                "audit", "show", "5", "--dir", dir.toString());
        assertTrue(coloured.out().contains("\u001b["), coloured::describe);
        CliRun plain = AuditLogFixture.run(cl -> AuditLogFixture.pin(cl, true, Map.of("NO_COLOR", "1"), at(14)),
                "audit", "show", "5", "--dir", dir.toString());
        assertFalse(plain.out().contains("\u001b"), plain::describe);
        assertEquals(show("5").out(), plain.out());
    }

    private CliRun show(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "audit";
        all[1] = "show";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--dir";
        all[args.length + 3] = dir.toString();
        return AuditLogFixture.run(all);
    }

    /** The seqs of the records show printed (its "seq" lines). */
    private static List<Long> seqs(CliRun r) {
        return r.lines().stream().filter(l -> l.startsWith("  " + AuditFields.SEQ + " "))
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).collect(Collectors.toList());
    }
}
