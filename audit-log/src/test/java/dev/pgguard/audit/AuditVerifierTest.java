package dev.pgguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify on a real log of 20 lines (audit.opened, 18 records, audit.closed; line n has seq n), edited the ways
 * an auditor must catch: each break is reported at the exact file, line and seq, with what differs.
 */
class AuditVerifierTest {

    @TempDir
    Path dir;
    private Path log;
    private List<String> lines;

    @BeforeEach
    void writeLog() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(w, 1, 18);
        w.close();
        log = dir.resolve("audit.jsonl");
        lines = new ArrayList<>(TestLogs.lines(log));
        assertEquals(20, lines.size());
    }

    private VerifyResult verifyEdited() throws Exception {
        TestLogs.writeLines(log, lines);
        return AuditVerifier.verifyDirectory(dir);
    }

    private static VerifyResult.Break assertBreak(VerifyResult v, long line, Long seq, String what) {
        assertFalse(v.ok(), "expected a break at line " + line);
        VerifyResult.Break b = v.firstBreak();
        assertEquals(line, b.line(), v.report());
        assertEquals(seq, b.seq(), v.report());
        assertEquals(what, b.what(), v.report());
        assertEquals("audit.jsonl", b.file().getFileName().toString());
        assertTrue(v.report().startsWith("BROKEN: audit.jsonl line " + line), v.report());
        return b;
    }

    @Test
    void theUntouchedLogIsOkWithoutWarnings() throws Exception {
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertTrue(v.ok(), v.report());
        assertEquals(20, v.records());
        assertEquals(20, v.lastSeq());
        assertTrue(v.warnings().isEmpty(), v.report());
        assertNull(v.firstBreak());
        assertTrue(v.report().startsWith("OK: 20 records in 1 file, last seq 20, last hash "), v.report());
    }

    @Test
    void anEditedFieldBreaksTheLinesOwnHash() throws Exception {
        lines.set(6, lines.get(6).replace("\"agent\":\"cursor-ci\"", "\"agent\":\"cursor-cj\""));
        VerifyResult.Break b = assertBreak(verifyEdited(), 7, 7L, "hash");
        assertEquals(AuditLine.parse(TestLogs.lines(log).get(5)).hash().length(), b.actual().length());
        assertFalse(b.expected().equals(b.actual()));
        assertTrue(b.message().contains("does not hash to the hash it states"), b.message());
    }

    @Test
    void anEditWithARecomputedHashBreaksTheNextLinesPrev() throws Exception {
        String original = lines.get(6);
        lines.set(6, TestLogs.rehash(original, body -> body.replace("cursor-ci", "someone-else")));
        VerifyResult.Break b = assertBreak(verifyEdited(), 8, 8L, "prev");
        assertEquals(AuditLine.parse(lines.get(6)).hash(), b.expected());
        assertEquals(AuditLine.parse(original).hash(), b.actual());
    }

    @Test
    void aDeletedMiddleLineIsAGapInSeq() throws Exception {
        lines.remove(9);
        VerifyResult.Break b = assertBreak(verifyEdited(), 10, 11L, "seq");
        assertEquals("10", b.expected());
        assertEquals("11", b.actual());
        assertTrue(b.message().contains("1 record is missing"), b.message());
    }

    @Test
    void swappedLinesAreOutOfOrder() throws Exception {
        String l4 = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, l4);
        VerifyResult.Break b = assertBreak(verifyEdited(), 4, 5L, "seq");
        assertEquals("4", b.expected());
    }

    @Test
    void anInsertedCopyOfALineGoesBack() throws Exception {
        lines.add(8, lines.get(2));
        VerifyResult.Break b = assertBreak(verifyEdited(), 9, 3L, "seq");
        assertTrue(b.message().contains("goes back"), b.message());
    }

    @Test
    void anInsertedForgedLineWithAValidHashBreaksTheChainAfterIt() throws Exception {
        // A forger who renumbers nothing: a record that claims seq 9 and chains to line 8.
        String forged = TestLogs.rehash(lines.get(8), body -> body.replace("SELECT", "DELETE"));
        lines.add(8, forged);
        VerifyResult v = verifyEdited();
        VerifyResult.Break b = assertBreak(v, 10, 9L, "seq");
        assertEquals("10", b.expected());
    }

    @Test
    void anInsertedLineThatIsNotARecordIsABreak() throws Exception {
        lines.add(5, "{\"note\":\"looks harmless\"}");
        VerifyResult.Break b = assertBreak(verifyEdited(), 6, null, "malformed");
        assertTrue(b.message().contains("seq 6 was expected here"), b.message());
        assertTrue(b.message().contains("not an audit.recovered record"), b.message());
    }

    @Test
    void aTruncatedFileEndsInATornLineAndIsBroken() throws Exception {
        byte[] all = Files.readAllBytes(log);
        Files.write(log, java.util.Arrays.copyOf(all, all.length - 40));
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        VerifyResult.Break b = assertBreak(v, 20, null, "torn");
        assertTrue(b.message().contains("seq 20 was expected here"), b.message());
        assertTrue(b.message().contains("no audit.recovered record reports it"), b.message());
        assertEquals(19, v.lastSeq());
    }

    @Test
    void aDeletedLastLineIsOnlyAWarningTheChainCannotShowIt() throws Exception {
        lines.remove(19);
        VerifyResult v = verifyEdited();
        assertTrue(v.ok(), v.report());
        assertEquals(1, v.warnings().size());
        assertTrue(v.warnings().get(0).message().startsWith("the log does not end with audit.closed (pgguard still"
                + " running, or crashed, or lines were removed from the end)"), v.report());
        assertEquals(19, v.lastSeq(), "compare with an anchor kept elsewhere");
    }

    @Test
    void removedLeadingLinesAreAWarningAboutWhereTheChainStarts() throws Exception {
        lines.subList(0, 5).clear();
        VerifyResult v = verifyEdited();
        assertTrue(v.ok(), v.report());
        assertTrue(v.warnings().get(0).message().startsWith("the chain starts at seq 6"), v.report());
    }

    @Test
    void anUnknownSchemaVersionIsABreak() throws Exception {
        lines.set(3, TestLogs.rehash(lines.get(3), body -> body.replace("{\"v\":1,", "{\"v\":2,")));
        VerifyResult.Break b = assertBreak(verifyEdited(), 4, 4L, "version");
        assertEquals("1", b.expected());
        assertEquals("2", b.actual());
    }

    @Test
    void tornBytesMustBeExactlyTheOnesAuditRecoveredNames() throws Exception {
        TestLogs.appendBytes(log, "{\"v\":1,\"seq\":2".getBytes(StandardCharsets.UTF_8));
        AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC()).close();
        List<String> recovered = TestLogs.lines(log);
        assertTrue(AuditVerifier.verifyDirectory(dir).ok());

        List<String> changed = new ArrayList<>(recovered);
        changed.set(20, "{\"v\":1,\"seq\":3");
        TestLogs.writeLines(log, changed);
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertBreak(v, 21, null, "malformed");
        assertTrue(v.firstBreak().message().contains("their SHA-256 differs"), v.report());

        List<String> removed = new ArrayList<>(recovered);
        removed.remove(20);
        TestLogs.writeLines(log, removed);
        assertBreak(AuditVerifier.verifyDirectory(dir), 21, 21L, "recovered");
    }

    @Test
    void noFilesIsNotOk() throws Exception {
        VerifyResult v = AuditVerifier.verifyDirectory(dir.resolve("nothing-here"));
        assertFalse(v.ok());
        assertEquals("empty", v.firstBreak().what());
    }
}
