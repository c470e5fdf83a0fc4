package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFiles;
import dev.pgguard.audit.AuditWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.pgguard.cli.AuditLogFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code pgguard audit tail -f} on a thread, against the real writer appending and rotating meanwhile; stopped
 * the way a test can (an interrupt; Ctrl-C ends the whole process).
 */
class AuditTailFollowTest {

    @TempDir
    Path dir;

    @Test
    void followsAppendedRecordsAcrossRotations() throws Exception {
        AuditLogFixture.TestClock clock = new AuditLogFixture.TestClock(at(1));
        Follow follow;
        try (AuditWriter w = AuditLogFixture.open(dir, clock, 2048)) {
            appendStatements(w, clock, 2, 4);
            follow = Follow.start(dir, "-n", "2");
            follow.await(lines -> lines.size() >= 2);

            appendStatements(w, clock, 5, 60); // several rotations
            follow.await(lines -> lines.stream().anyMatch(l -> l.endsWith("SELECT 60")));
            assertTrue(new AuditFiles(dir, "audit.jsonl").rotated().size() >= 3, "the log rotated");
        }
        follow.await(lines -> lines.get(lines.size() - 1).contains("audit.closed"));
        assertEquals(ExitCodes.OK, follow.stop(), follow::describe);

        List<Long> all = AuditTailCommandTest.seqs(AuditLogFixture.run("audit", "tail", "-n", "1000",
                "--dir", dir.toString()));
        List<Long> followed = follow.seqs();
        // The last two when it started (3 and 4), then every record once, in order, through every file.
        assertEquals(all.subList(2, all.size()), followed, follow::describe);
        assertEquals("", follow.err.toString());
    }

    @Test
    void waitsForALogNotStartedYetAndFiltersWhatItFollows() throws Exception {
        Follow follow = Follow.start(dir, "--decision", "held", "--json");
        try {
            follow.awaitErr(err -> err.contains("waiting for " + dir.resolve("audit.jsonl")));
            AuditLogFixture.TestClock clock = new AuditLogFixture.TestClock(at(1));
            try (AuditWriter w = AuditLogFixture.open(dir, clock, 0)) {
                appendStatements(w, clock, 2, 3);
                AuditLogFixture.append(w, clock, 4, AuditLogFixture.statement(AuditEvent.STATEMENT_HELD, "1",
                        "cursor-ci", "app", 3, "DELETE FROM t", "t").put("hold", "k7p2xq"));
            }
            follow.await(lines -> !lines.isEmpty());
            List<String> file = AuditLogFixture.lines(dir.resolve("audit.jsonl"));
            Thread.sleep(100); // nothing else is coming
            assertEquals(List.of(file.get(3)), follow.lines(), follow::describe);
        } finally {
            assertEquals(ExitCodes.OK, follow.stop(), follow::describe);
        }
    }

    private static void appendStatements(AuditWriter w, AuditLogFixture.TestClock clock, int from, int to)
            throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            all.add(AuditLogFixture.append(w, clock, n, AuditLogFixture.statement(AuditEvent.STATEMENT_ALLOWED,
                    "1", "cursor-ci", "app", n, "SELECT " + n, "t")));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    /** {@code pgguard audit tail -f --dir DIR ...} running on a thread of its own. */
    private static final class Follow {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        Thread thread;

        static Follow start(Path dir, String... args) {
            Follow f = new Follow();
            CommandLine cl = PgGuardCli.commandLine();
            cl.setOut(new PrintWriter(f.out, true));
            cl.setErr(new PrintWriter(f.err, true));
            AuditLogFixture.pin(cl, false, Map.of(), at(1));
            AuditLogFixture.tail(cl).pollMillis = 10;
            List<String> all = new ArrayList<>(List.of("audit", "tail", "-f", "--dir", dir.toString()));
            all.addAll(List.of(args));
            f.thread = new Thread(() -> f.exit.set(cl.execute(all.toArray(String[]::new))), "audit-tail-f");
            f.thread.start();
            return f;
        }

        List<String> lines() {
            return out.toString().lines().toList();
        }

        List<Long> seqs() {
            return AuditTailCommandTest.seqs(new CliRun(0, out.toString(), err.toString()));
        }

        void await(Predicate<List<String>> done) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!done.test(lines())) {
                if (System.nanoTime() > end || !thread.isAlive()) {
                    fail("tail -f did not show what was expected:\n" + describe());
                }
                Thread.sleep(5);
            }
        }

        void awaitErr(Predicate<String> done) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!done.test(err.toString())) {
                if (System.nanoTime() > end || !thread.isAlive()) {
                    fail("tail -f did not say what was expected:\n" + describe());
                }
                Thread.sleep(5);
            }
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!thread.isAlive(), "tail -f stops when interrupted");
            return exit.get();
        }

        String describe() {
            return "exit " + exit.get() + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }
}
