package dev.pgguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain across rotated files and across runs, and what a crash leaves behind. */
class RotationAndRestartTest {

    @TempDir
    Path dir;

    private Path live() {
        return dir.resolve("audit.jsonl");
    }

    private List<Path> files() throws Exception {
        return new AuditFiles(dir, "audit.jsonl").inOrder();
    }

    private static void assertOk(VerifyResult v) {
        assertTrue(v.ok(), v.report());
    }

    @Test
    void rotationBySizeKeepsTheChainAcrossFiles() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir).withRotation(4_000, false), Clock.systemUTC());
        TestLogs.appendAll(w, 1, 200);
        w.close();
        List<Path> files = files();
        assertTrue(files.size() > 5, "rotated: " + files);
        String lastHash = null;
        long lastSeq = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            assertTrue(Files.size(f) <= 4_000, f + " " + Files.size(f));
            List<AuditLine> lines = TestLogs.parsed(f);
            if (i > 0) {
                AuditLine first = lines.get(0);
                assertEquals("audit.rotated", first.event());
                assertEquals("size", first.get(AuditFields.REASON));
                assertEquals(files.get(i - 1).getFileName().toString(), first.get(AuditFields.PREVIOUS_FILE));
                assertEquals(lastHash, first.prev());
                assertEquals(lastSeq + 1, first.seq());
            }
            lastHash = lines.get(lines.size() - 1).hash();
            lastSeq = lines.get(lines.size() - 1).seq();
        }
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertOk(v);
        assertTrue(v.warnings().isEmpty(), v.report());
        assertEquals(lastSeq, v.lastSeq());
        assertEquals(lastHash, v.lastHash());
        List<Path> reversed = new ArrayList<>(files);
        java.util.Collections.swap(reversed, 1, 2);
        VerifyResult wrongOrder = AuditVerifier.verify(reversed);
        assertFalse(wrongOrder.ok());
        assertEquals("seq", wrongOrder.firstBreak().what());
    }

    @Test
    void aNewUtcDayStartsANewFileNamedAfterTheOldOnesFirstRecord() throws Exception {
        TestLogs.MutableClock clock = new TestLogs.MutableClock(Instant.parse("2026-11-25T23:59:59.500Z"));
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), clock);
        TestLogs.appendAll(w, 1, 3);
        clock.set(Instant.parse("2026-11-26T00:00:00.250Z"));
        TestLogs.appendAll(w, 4, 3);
        w.close();
        List<Path> files = files();
        assertEquals(List.of("audit-2026-11-25T23-59-59.500Z.jsonl", "audit.jsonl"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        AuditLine rotated = TestLogs.parsed(live()).get(0);
        assertEquals("audit.rotated", rotated.event());
        assertEquals("day", rotated.get(AuditFields.REASON));
        assertEquals("2026-11-26T00:00:00.250000Z", rotated.time());
        assertOk(AuditVerifier.verifyDirectory(dir));
    }

    @Test
    void twoRotationsInOneMillisecondStillSortInOrder() throws Exception {
        TestLogs.MutableClock clock = new TestLogs.MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir).withRotation(600, false), clock);
        TestLogs.appendAll(w, 1, 20);
        w.close();
        List<Path> files = files();
        assertTrue(files.size() > 3, files.toString());
        assertOk(AuditVerifier.verify(files));
    }

    @Test
    void aRestartContinuesSeqAndChainAndSaysHowThePreviousRunEnded() throws Exception {
        AuditWriter first = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(first, 1, 10);
        first.close();
        AuditWriter second = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(second, 11, 10);
        // A copy of the files while the second run is still writing is what a crash leaves.
        Path crashed = dir.resolve("crashed");
        Files.createDirectory(crashed);
        Files.copy(live(), crashed.resolve("audit.jsonl"));
        second.close();

        List<AuditLine> lines = TestLogs.parsed(live());
        assertEquals(24, lines.size());
        AuditLine reopened = lines.get(12);
        assertEquals("audit.opened", reopened.event());
        assertEquals(13, reopened.seq());
        assertEquals(lines.get(11).hash(), reopened.prev());
        assertEquals("clean", reopened.get(AuditFields.PREVIOUS_END));
        assertOk(AuditVerifier.verifyDirectory(dir));

        AuditWriter third = AuditWriter.open(TestLogs.settings(crashed), Clock.systemUTC());
        third.close();
        List<AuditLine> afterCrash = TestLogs.parsed(crashed.resolve("audit.jsonl"));
        assertEquals("unclean", afterCrash.get(23).get(AuditFields.PREVIOUS_END));
        VerifyResult v = AuditVerifier.verifyDirectory(crashed);
        assertOk(v);
        assertTrue(v.warnings().isEmpty(), "a crash without a torn tail leaves a valid chain: " + v.report());
    }

    @Test
    void aTornTailIsKeptReportedByAuditRecoveredAndAcceptedAsAWarning() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(w, 1, 5);
        w.close();
        long cleanSize = Files.size(live());
        byte[] torn = "{\"v\":1,\"seq\":8,\"time\":\"2026-11-25T1".getBytes(StandardCharsets.UTF_8);
        TestLogs.appendBytes(live(), torn);

        VerifyResult before = AuditVerifier.verifyDirectory(dir);
        assertFalse(before.ok(), "a torn tail nobody reported is not a valid log");
        assertEquals("torn", before.firstBreak().what());
        assertEquals(8, before.firstBreak().line());
        assertTrue(before.firstBreak().message().contains("no audit.recovered"), before.report());

        AuditWriter again = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(again, 6, 2);
        again.close();
        List<String> raw = TestLogs.lines(live());
        assertEquals(new String(torn, StandardCharsets.UTF_8), raw.get(7), "the torn bytes are kept as they were");
        AuditLine recovered = AuditLine.parse(raw.get(8));
        assertEquals("audit.recovered", recovered.event());
        assertEquals(8, recovered.seq(), "the chain resumes right after the last valid record");
        assertEquals(AuditLine.parse(raw.get(6)).hash(), recovered.prev());
        assertEquals(cleanSize, recovered.get(AuditFields.TORN_OFFSET));
        assertEquals((long) torn.length, recovered.get(AuditFields.TORN_BYTES));
        assertEquals(true, recovered.get(AuditFields.NEWLINE_ADDED));
        assertEquals("audit.jsonl", recovered.get(AuditFields.FILE));
        assertEquals("unclean", AuditLine.parse(raw.get(9)).get(AuditFields.PREVIOUS_END));

        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertOk(v);
        assertEquals(1, v.warnings().size(), v.report());
        assertTrue(v.warnings().get(0).message().contains(torn.length + " torn bytes at offset " + cleanSize),
                v.report());
        assertEquals(8, v.warnings().get(0).line());
    }

    @Test
    void invalidCompleteLinesAtTheEndAreTornTooAndNeedNoNewline() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.appendAll(w, 1, 2);
        w.close();
        // What a crash can leave on some file systems: zeros where the last block should be.
        TestLogs.appendBytes(live(), new byte[] {0, 0, 0, 0, '\n', 'x', '\n'});
        AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC()).close();
        AuditLine recovered = AuditLine.parse(TestLogs.lines(live()).get(6));
        assertEquals("audit.recovered", recovered.event());
        assertEquals(7L, recovered.get(AuditFields.TORN_BYTES));
        assertEquals(false, recovered.get(AuditFields.NEWLINE_ADDED));
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertOk(v);
        assertEquals(1, v.warnings().size(), v.report());
    }

    @Test
    void aLiveFileWithNoValidRecordContinuesFromTheRotatedFile() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir).withRotation(2_000, false), Clock.systemUTC());
        TestLogs.appendAll(w, 1, 30);
        w.close();
        List<Path> rotated = new AuditFiles(dir, "audit.jsonl").rotated();
        AuditLine lastRotated = TestLogs.parsed(rotated.get(rotated.size() - 1)).get(
                TestLogs.lines(rotated.get(rotated.size() - 1)).size() - 1);
        // The crash hit the first write of a new live file.
        Files.writeString(live(), "{\"v\":1,\"seq\":");
        AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC()).close();
        AuditLine recovered = AuditLine.parse(TestLogs.lines(live()).get(1));
        assertEquals("audit.recovered", recovered.event());
        assertEquals(0L, recovered.get(AuditFields.TORN_OFFSET));
        assertEquals(lastRotated.hash(), recovered.prev());
        assertEquals(lastRotated.seq() + 1, recovered.seq());
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertOk(v);
        assertEquals(1, v.warnings().size(), v.report());
    }

    @Test
    void aDamagedRotatedFileIsNotGuessedAt() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir).withRotation(2_000, false), Clock.systemUTC());
        TestLogs.appendAll(w, 1, 30);
        w.close();
        Files.delete(live());
        List<Path> rotated = new AuditFiles(dir, "audit.jsonl").rotated();
        Path newest = rotated.get(rotated.size() - 1);
        TestLogs.appendBytes(newest, "garbage".getBytes(StandardCharsets.UTF_8));
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                () -> AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC()));
        assertTrue(e.getMessage().contains(newest.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("pgguard audit verify"), e.getMessage());
    }
}
