package dev.pgguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on real files: the chain it writes, group commit, durability, and what it does when it cannot write. */
class AuditWriterTest {

    @TempDir
    Path dir;
    private final List<AuditWriter> open = new ArrayList<>();

    private AuditWriter open(AuditSettings settings) {
        AuditWriter w = AuditWriter.open(settings, Clock.systemUTC());
        open.add(w);
        return w;
    }

    @AfterEach
    void closeAll() {
        open.forEach(AuditWriter::close);
    }

    @Test
    void linesCarrySeqTimePrevAndHashChainedFromGenesis() throws Exception {
        AuditWriter w = open(TestLogs.settings(dir));
        TestLogs.appendAll(w, 1, 100);
        AuditHealth before = w.health();
        w.close();
        List<AuditLine> lines = TestLogs.parsed(dir.resolve("audit.jsonl"));
        assertEquals(102, lines.size(), "audit.opened, 100 records, audit.closed");
        assertEquals("audit.opened", lines.get(0).event());
        assertEquals("none", lines.get(0).get(AuditFields.PREVIOUS_END));
        assertEquals("audit.closed", lines.get(101).event());
        assertEquals(100L, lines.get(101).get(AuditFields.RECORDS));
        String prev = Sha256.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            AuditLine l = lines.get(i);
            assertEquals(i + 1, l.seq());
            assertEquals(1, l.version());
            assertEquals(prev, l.prev());
            assertTrue(l.time().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), l.time());
            prev = l.hash();
        }
        for (int i = 1; i <= 100; i++) {
            assertEquals((long) i, lines.get(i).get(AuditFields.QUERY), "queue order is seq order");
        }
        assertEquals(101, before.lastSeq());
        assertEquals(lines.get(100).hash(), before.lastHash());
        assertEquals(AuditHealth.Status.CLOSED, w.health().status());
        assertTrue(AuditVerifier.verifyDirectory(dir).ok());
    }

    @Test
    void concurrentAppendersEndUpInOneUnbrokenChain() throws Exception {
        AuditWriter w = open(TestLogs.settings(dir).withRotation(64 * 1024, false));
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    all.add(w.append(TestLogs.statement(base + i)));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        w.close();
        VerifyResult v = AuditVerifier.verifyDirectory(dir);
        assertTrue(v.ok(), v.report());
        assertTrue(v.warnings().isEmpty(), v.report());
        long rotations = v.records() - 20_000 - 2;
        assertTrue(rotations > 10, "rotated " + rotations + " times");
    }

    @Test
    void durableRecordsCompleteOnlyAfterFsyncBatchedOnesDoNotWaitForOne() throws Exception {
        AuditWriter w = open(TestLogs.settings(dir));
        long fsyncs = w.counters().fsyncs();
        for (int i = 0; i < 5; i++) {
            TestLogs.await(w.append(TestLogs.statement(i)));
        }
        assertEquals(fsyncs, w.counters().fsyncs(), "batched records alone are not fsynced at once");
        for (int i = 1; i <= 3; i++) {
            long[] atCompletion = new long[1];
            CompletableFuture<Void> f = w.append(AuditRecord.builder(AuditEvent.HOLD_APPROVED).put("hold", "h" + i)
                    .build());
            f.thenRun(() -> atCompletion[0] = w.counters().fsyncs()).get(10, TimeUnit.SECONDS);
            assertTrue(atCompletion[0] >= fsyncs + i, "completed after its own fsync: " + atCompletion[0]);
        }
    }

    @Test
    void fsyncPolicyAlwaysAndNever() throws Exception {
        AuditWriter always = open(TestLogs.settings(dir.resolve("always")).withFsync(FsyncPolicy.ALWAYS));
        long before = always.counters().fsyncs();
        TestLogs.await(always.append(TestLogs.statement(1)));
        assertEquals(before + 1, always.counters().fsyncs());

        AuditWriter never = open(TestLogs.settings(dir.resolve("never")).withFsync(FsyncPolicy.NEVER));
        TestLogs.await(never.append(AuditRecord.builder(AuditEvent.HOLD_DENIED).build()));
        assertEquals(0, never.counters().fsyncs());
    }

    @Test
    void batchedRecordsAreFsyncedWhenTheLogGoesIdle() throws Exception {
        AuditWriter w = open(TestLogs.settings(dir));
        long before = w.counters().fsyncs();
        TestLogs.await(w.append(TestLogs.statement(1)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (w.counters().fsyncs() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, w.counters().fsyncs());
    }

    @Test
    void groupCommitWritesManyRecordsPerBatch() throws Exception {
        AuditWriter w = open(TestLogs.settings(dir));
        TestLogs.appendAll(w, 0, 20_000);
        AuditCounters c = w.counters();
        assertEquals(20_001, c.records());
        assertTrue(c.batches() < 20_000 / 4, "batches " + c.batches());
    }

    @Test
    void aFullQueueFailsTheAppendAtOnceAndSaysWhy() throws Exception {
        AuditWriter w = open(TestLogs.settings(dir).withQueueCapacity(1));
        int rejected = 0;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            CompletableFuture<Void> f = w.append(TestLogs.statement(i));
            all.add(f);
            if (f.isCompletedExceptionally()) {
                rejected++;
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                AuditUnavailableException u = assertInstanceOf(AuditUnavailableException.class, e.getCause());
                assertEquals(AuditUnavailableException.Reason.QUEUE_FULL, u.reason());
                assertTrue(u.getMessage().contains("queue full"), u.getMessage());
            }
        }
        assertTrue(rejected > 0, "a queue of 1 overflows");
        assertTrue(w.counters().rejected() >= rejected);
        w.close();
        long written = all.stream().filter(f -> !f.isCompletedExceptionally()).count();
        assertEquals(written, AuditVerifier.verifyDirectory(dir).records() - 2, "every accepted record is in the log");
        assertTrue(w.health().reason() == null, "a full queue is not a failure of the log");
    }

    @Test
    void appendsAfterCloseFail() {
        AuditWriter w = open(TestLogs.settings(dir));
        w.close();
        w.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> w.append(TestLogs.statement(1)).get());
        assertEquals(AuditUnavailableException.Reason.CLOSED, ((AuditUnavailableException) e.getCause()).reason());
    }

    @Test
    void aSecondWriterOnTheSameLogIsRefused() throws Exception {
        AuditWriter first = open(TestLogs.settings(dir));
        for (int i = 0; i < 2; i++) {
            AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                    () -> open(TestLogs.settings(dir)));
            assertTrue(e.getMessage().contains("another writer"), e.getMessage());
        }
        TestLogs.await(first.append(TestLogs.statement(1)));
        first.close();
        open(TestLogs.settings(dir)).close();
        assertTrue(AuditVerifier.verifyDirectory(dir).ok());
    }

    @Test
    void openFailsAndSaysDiskFullWhenTheFileCannotTakeBytes() throws Exception {
        // /dev/full answers every write with ENOSPC, even for root.
        Files.createSymbolicLink(dir.resolve("audit.jsonl"), Path.of("/dev/full"));
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                () -> open(TestLogs.settings(dir)));
        assertEquals(AuditUnavailableException.Reason.WRITE_FAILED, e.reason());
        assertTrue(e.getMessage().startsWith("audit log unavailable: disk full"), e.getMessage());
        // and the lock was released: fixing the cause is enough
        Files.delete(dir.resolve("audit.jsonl"));
        open(TestLogs.settings(dir)).close();
    }

    @Test
    void openFailsWhenTheDirectoryIsAFile() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        AuditUnavailableException e = assertThrows(AuditUnavailableException.class,
                () -> open(TestLogs.settings(notADir.resolve("audit"))));
        assertTrue(e.getMessage().startsWith("audit log unavailable:"), e.getMessage());
        assertTrue(e.getMessage().contains(notADir.toString()), e.getMessage());
    }

    @Test
    void aWriteFailureFailsAppendsReportsHealthAndResumesWithARecordThatSaysSo() throws Exception {
        Path logDir = dir.resolve("log");
        AuditWriter w = AuditWriter.open(TestLogs.settings(logDir).withRotation(2_000, false), Clock.systemUTC(),
                java.time.Duration.ofMillis(200));
        open.add(w);
        TestLogs.appendAll(w, 1, 3);
        long acknowledged = w.health().lastSeq();
        // The directory is replaced by a regular file: the next rotation cannot rename into it, even as root.
        for (Path p : TestLogs.listAll(logDir)) {
            Files.delete(p);
        }
        Files.delete(logDir);
        Files.writeString(logDir, "not a directory");
        CompletableFuture<Void> failing = null;
        for (int i = 0; i < 50 && (failing == null || !failing.isCompletedExceptionally()); i++) {
            failing = w.append(TestLogs.statement(100 + i));
            try {
                failing.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // the rotation failed
            }
        }
        assertNotNull(failing);
        ExecutionException e = assertThrows(ExecutionException.class, failing::get);
        AuditUnavailableException u = assertInstanceOf(AuditUnavailableException.class, e.getCause());
        assertEquals(AuditUnavailableException.Reason.WRITE_FAILED, u.reason());
        AuditHealth health = w.health();
        assertEquals(AuditHealth.Status.FAILED, health.status());
        assertEquals(u.getMessage(), health.reason());
        assertFalse(health.ok());

        ExecutionException next = assertThrows(ExecutionException.class, () -> w.append(TestLogs.statement(0)).get());
        assertEquals(u.getMessage(), next.getCause().getMessage(), "later appends fail at once, same reason");

        // Fix it: the writer retries by itself and the chain goes on from the last record it wrote.
        Files.delete(logDir);
        Files.createDirectory(logDir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!w.health().ok() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(w.health().ok(), "resumed");
        assertNull(w.health().reason());
        TestLogs.await(w.append(TestLogs.statement(1000)));
        w.close();
        List<AuditLine> lines = TestLogs.parsed(logDir.resolve("audit.jsonl"));
        AuditLine resumed = lines.get(0);
        assertEquals("audit.resumed", resumed.event());
        assertEquals(u.getMessage(), resumed.get(AuditFields.REASON));
        assertTrue((Long) resumed.get(AuditFields.REJECTED) >= 2, "the failed batch and the later append");
        assertTrue((Long) resumed.get(AuditFields.LAST_ACKNOWLEDGED_SEQ) >= acknowledged);
        VerifyResult v = AuditVerifier.verifyDirectory(logDir);
        assertTrue(v.ok(), v.report());
        assertTrue(v.report().contains("the chain starts at seq"), "the files before were lost: " + v.report());
    }
}
