package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFiles;
import dev.pgguard.audit.AuditWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.pgguard.cli.AuditLogFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pgguard audit verify} on logs written by the real writer, intact and edited. */
class AuditVerifyCommandTest {

    @TempDir
    Path dir;

    @Test
    void anIntactLogIsOk() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun r = AuditLogFixture.run("audit", "verify", "--dir", dir.toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("OK: 14 records in 1 file, last seq 14, last hash "), r::describe);
        assertEquals(1, r.lines().size(), r::describe);
        assertEquals("", r.err());
    }

    @Test
    void oneEditedFieldBreaksTheChainAtItsLine() throws Exception {
        AuditLogFixture.writeStory(dir);
        Path live = dir.resolve("audit.jsonl");
        List<String> lines = AuditLogFixture.lines(live);
        lines.set(5, lines.get(5).replace("\"approver\":\"alice\"", "\"approver\":\"mallory\""));
        Files.write(live, lines, StandardCharsets.UTF_8);

        CliRun r = AuditLogFixture.run("audit", "verify", "--dir", dir.toString());

        assertEquals(AuditCommand.BROKEN, r.exitCode(), r::describe);
        assertTrue(r.lines().get(0).startsWith("BROKEN: audit.jsonl line 6 (seq 6): hash: "), r::describe);
        assertTrue(r.out().contains("(5 valid records before the break, last seq 5)"), r::describe);

        CliRun json = AuditLogFixture.run("audit", "verify", "--json", "--dir", dir.toString());
        assertEquals(AuditCommand.BROKEN, json.exitCode(), json::describe);
        Map<String, Object> result = JsonTree.object(json.out());
        assertEquals(false, result.get("ok"));
        @SuppressWarnings("unchecked")
        Map<String, Object> broken = (Map<String, Object>) result.get("first_break");
        assertEquals(live.toString(), broken.get("file"));
        assertEquals(6, ((Number) broken.get("line")).intValue());
        assertEquals(6, ((Number) broken.get("seq")).intValue());
        assertEquals("hash", broken.get("what"));
        assertEquals(lines.get(5).substring(lines.get(5).length() - 66, lines.get(5).length() - 2),
                broken.get("actual"), "actual: the hash the line states");
    }

    @Test
    void jsonOfAnIntactLog() throws Exception {
        AuditLogFixture.writeStory(dir);

        CliRun r = AuditLogFixture.run("audit", "verify", "--json", "--dir", dir.toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertEquals(1, r.lines().size());
        Map<String, Object> result = JsonTree.object(r.out());
        assertEquals(true, result.get("ok"));
        assertEquals(14, ((Number) result.get("records")).intValue());
        assertEquals(14, ((Number) result.get("last_seq")).intValue());
        assertNull(result.get("first_break"));
        assertTrue(result.containsKey("first_break"));
        assertEquals(List.of(), result.get("warnings"));
        assertEquals(List.of(dir.resolve("audit.jsonl").toString()), result.get("files"));
    }

    @Test
    void filesAreVerifiedInTheOrderGiven() throws Exception {
        AuditLogFixture.TestClock clock = new AuditLogFixture.TestClock(at(1));
        try (AuditWriter w = AuditLogFixture.open(dir, clock, 1024)) {
            for (int n = 2; n <= 20; n++) {
                AuditLogFixture.append(w, clock, n, AuditLogFixture.statement(AuditEvent.STATEMENT_ALLOWED, "1",
                        "cursor-ci", "app", n, "SELECT " + n, "t"));
            }
        }
        List<Path> files = new AuditFiles(dir, "audit.jsonl").inOrder();
        assertTrue(files.size() > 2, files::toString);

        CliRun r = AuditLogFixture.run(args("audit", "verify", files));
        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("OK: "), r::describe);
        assertTrue(r.out().contains(" in " + files.size() + " files"), r::describe);

        List<Path> swapped = new ArrayList<>(files);
        swapped.set(0, files.get(1));
        swapped.set(1, files.get(0));
        r = AuditLogFixture.run(args("audit", "verify", swapped));
        assertEquals(AuditCommand.BROKEN, r.exitCode(), r::describe);
        assertTrue(r.out().startsWith("BROKEN: " + files.get(0).getFileName() + " line 1"), r::describe);

        // Only the newest files: intact, with a warning that the chain does not start at seq 1.
        r = AuditLogFixture.run(args("audit", "verify", files.subList(1, files.size())));
        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertTrue(r.out().contains("warning: "), r::describe);
    }

    @Test
    void noFilesIsNoInput() throws Exception {
        CliRun r = AuditLogFixture.run("audit", "verify", "--dir", dir.toString());
        assertEquals(AuditCommand.NO_INPUT, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("pgguard: no audit log in " + dir), r::describe);

        r = AuditLogFixture.run("audit", "verify", dir.resolve("nothing.jsonl").toString());
        assertEquals(AuditCommand.NO_INPUT, r.exitCode(), r::describe);
        assertEquals("pgguard: " + dir.resolve("nothing.jsonl") + ": no such file\n", r.err());
    }

    @Test
    void anUnreadableFileIsAnIoError() throws Exception {
        Files.createDirectory(dir.resolve("audit.jsonl")); // the log's live file, but a directory

        CliRun r = AuditLogFixture.run("audit", "verify", "--dir", dir.toString());

        assertEquals(ExitCodes.IO, r.exitCode(), r::describe);
        assertTrue(r.err().startsWith("pgguard: cannot read the audit log: "), r::describe);
    }

    @Test
    void filesAndDirTogetherAreAUsageError() {
        CliRun r = AuditLogFixture.run("audit", "verify", "a.jsonl", "--dir", dir.toString());

        assertEquals(ExitCodes.USAGE, r.exitCode(), r::describe);
        assertTrue(r.err().contains("give FILE... or --dir, not both"), r::describe);
    }

    private static String[] args(String a, String b, List<Path> files) {
        List<String> all = new ArrayList<>(List.of(a, b));
        files.forEach(f -> all.add(f.toString()));
        return all.toArray(String[]::new);
    }
}
