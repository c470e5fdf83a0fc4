package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifyCommandTest {

    private static final Classifier REAL = new Classifier(ClassifierLimits.DEFAULT);
    private static volatile boolean released;

    @BeforeEach
    void stuckAnalysesStayStuck() {
        released = false;
    }

    @AfterEach
    void releaseStuckAnalyses() {
        released = true;
    }

    @Test
    void idsComeBackAsTheSameJsonValueOfTheSameType() {
        List<String> ids = List.of("7", "1.50", "-3e2", "123456789012345678901234567890", "\"abc\"", "\"\"", "null",
                "true", "{\"a\":[1,true,null],\"b\":{}}", "[1,\"x\"]", "\"\\u00e9\\n\"");
        StringBuilder in = new StringBuilder();
        for (String id : ids) {
            in.append("{\"id\": ").append(id).append(", \"sql\": \"SELECT 1\"}\n");
        }
        in.append("{\"sql\": \"SELECT 1\"}\n");

        CliRun r = CliRun.run(in.toString(), "classify", "--jsonl");

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertEquals(ids.size() + 1, r.lines().size(), r::describe);
        for (int i = 0; i < ids.size(); i++) {
            // Exact text, so numbers keep their digits: "1.50" is not "1.5" to a caller that compares ids as text.
            String expected = ids.get(i).replace("\\u00e9", "\\u00E9");
            assertTrue(r.lines().get(i).startsWith("{\"id\":" + expected + ",\"verdict\":\"allow\""),
                    () -> expected + " -> " + r.describe());
        }
        assertTrue(r.lines().get(ids.size()).startsWith("{\"id\":null,\"verdict\":\"allow\""), r::describe);
    }

    @Test
    void theShapeOfAnAnswer() {
        CliRun r = CliRun.run("{\"id\":1,\"sql\":\"SELECT * FROM s.t; DELETE FROM u\"}\n", "classify", "--jsonl");

        Map<String, Object> a = JsonTree.object(r.lines().get(0));
        assertEquals(List.of("id", "verdict", "rules", "statements"), List.copyOf(a.keySet()));
        assertEquals("hold", a.get("verdict"));
        List<Map<String, Object>> rules = list(a.get("rules"));
        assertEquals(1, rules.size());
        assertEquals(List.of("id", "verdict", "statement", "reason"), List.copyOf(rules.get(0).keySet()));
        assertEquals("delete-without-where", rules.get(0).get("id"));
        assertEquals("hold", rules.get(0).get("verdict"));
        assertEquals(2, ((Number) rules.get(0).get("statement")).intValue());
        List<Map<String, Object>> statements = list(a.get("statements"));
        assertEquals(Map.of("sql", "SELECT * FROM s.t", "kind", "read", "verdict", "allow", "rules", List.of(),
                "reads", List.of("s.t"), "writes", List.of(), "canWrite", false), statements.get(0));
        assertEquals(List.of("sql", "kind", "verdict", "rules", "reads", "writes", "canWrite"),
                List.copyOf(statements.get(1).keySet()));
        assertEquals("write", statements.get(1).get("kind"));
        assertEquals(List.of("delete-without-where"), statements.get(1).get("rules"));
        assertEquals(List.of("u"), statements.get(1).get("writes"));
        assertEquals(true, statements.get(1).get("canWrite"));
    }

    @Test
    void answersComeInInputOrder() {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String sql = i % 3 == 0 ? "DROP TABLE t" + i : "SELECT " + i + " FROM t" + i;
            in.append("{\"id\":").append(i).append(",\"sql\":\"").append(sql).append("\"}\n");
        }

        CliRun r = CliRun.run(in.toString(), "classify", "--jsonl");

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        assertEquals(200, r.lines().size());
        for (int i = 0; i < 200; i++) {
            Map<String, Object> a = JsonTree.object(r.lines().get(i));
            assertEquals(i, ((Number) a.get("id")).intValue());
            assertEquals(i % 3 == 0 ? "hold" : "allow", a.get("verdict"), r.lines().get(i));
        }
    }

    @Test
    void aBrokenLineGetsAnErrorLineAndTheNextLinesStillAnswer() {
        String in = String.join("\n",
                "{\"id\":1,\"sql\":\"SELECT 1\"}",
                "this is not json",
                "{\"id\":3}",
                "{\"sql\":5,\"id\":\"four\"}",
                "{\"id\":5,\"sql\":\"SELECT 1\",\"sql\":\"DROP TABLE users\"}",
                "{\"id\":6,\"sql\":\"SELECT 1\"",
                "[1,2]",
                "{\"id\":8,\"sql\":\"SELECT 1\"} {\"id\":9}",
                "{\"id\":{\"deep\":[1,2,",
                "{\"id\":10,\"sql\":\"DROP TABLE users\"}",
                "{\"id\":11,\"sql\":\"SELECT 1\",\"comment\":{\"ignored\":[true]}}") + "\n";

        CliRun r = CliRun.run(in, "classify", "--jsonl");

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        List<Map<String, Object>> a = r.lines().stream().map(JsonTree::object).toList();
        assertEquals(11, a.size(), r::describe);
        assertEquals("allow", a.get(0).get("verdict"));
        assertError(a.get(1), null, "invalid JSON");
        assertError(a.get(2), 3, "missing \"sql\"");
        assertError(a.get(3), "four", "\"sql\" must be a string, not a number");
        assertError(a.get(4), 5, "Duplicate field 'sql'");
        assertError(a.get(5), 6, "invalid JSON");
        assertError(a.get(6), null, "each line must be a JSON object");
        assertError(a.get(7), 8, "unexpected content after the JSON object");
        assertError(a.get(8), null, "invalid JSON");
        assertEquals("hold", a.get(9).get("verdict"), r::describe);
        assertEquals(10, ((Number) a.get(9).get("id")).intValue());
        assertEquals("allow", a.get(10).get("verdict"), r::describe);
        assertEquals("", r.err());
    }

    @Test
    void emptyLinesAreSkippedAndCrLfLinesAreRead() {
        String in = "\n{\"id\":1,\"sql\":\"SELECT 1\"}\r\n\r\n   \n{\"id\":2,\"sql\":\"DROP TABLE x\"}";

        CliRun r = CliRun.run(in, "classify", "--jsonl");

        assertEquals(2, r.lines().size(), r::describe);
        assertEquals("allow", JsonTree.object(r.lines().get(0)).get("verdict"));
        assertEquals("hold", JsonTree.object(r.lines().get(1)).get("verdict"), "a last line without newline counts");
    }

    @Test
    void aMegabyteOfSqlOnOneLine() {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES (0)");
        for (int i = 1; sql.length() < 1_000_000; i++) {
            sql.append(",(").append(i).append(')');
        }
        String in = "{\"id\":\"big\",\"sql\":\"" + sql + "\"}\n{\"id\":\"next\",\"sql\":\"SELECT 1\"}\n";

        // A generous bound: the point is the size of the line, not the speed of the machine running the test.
        CliRun r = CliRun.run(in, "classify", "--jsonl", "--timeout-ms", "20000");

        assertEquals(2, r.lines().size(), () -> r.describe().substring(0, Math.min(2000, r.describe().length())));
        Map<String, Object> big = JsonTree.object(r.lines().get(0));
        assertEquals("big", big.get("id"));
        assertEquals("allow", big.get("verdict"), () -> String.valueOf(big.get("rules")));
        Map<String, Object> statement = list(big.get("statements")).get(0);
        assertEquals(sql.toString(), statement.get("sql"));
        assertEquals("write", statement.get("kind"));
        assertEquals("next", JsonTree.object(r.lines().get(1)).get("id"));
    }

    @Test
    void aSlowAnalysisIsHeldAtItsBoundAndTheNextLinesStillAnswer() {
        Function<String, Classification> stuckOnSleep = sql -> {
            while (sql.contains("stuck") && !released) {
                CliRun.sleepUninterruptibly(50);
            }
            return REAL.classify(sql);
        };
        String in = String.join("\n",
                "{\"id\":1,\"sql\":\"SELECT 1\"}",
                "{\"id\":2,\"sql\":\"SELECT stuck()\"}",
                "{\"id\":3,\"sql\":\"DROP TABLE x\"}",
                "{\"id\":4,\"sql\":\"SELECT stuck()\"}",
                "{\"id\":5,\"sql\":\"SELECT 5\"}") + "\n";

        CliRun r = CliRun.run(in, CliRun.withClassification(stuckOnSleep), "classify", "--jsonl",
                "--timeout-ms", "200");

        assertEquals(ExitCodes.OK, r.exitCode(), r::describe);
        String timedOut = ",\"verdict\":\"hold\",\"rules\":[{\"id\":\"unanalysable\",\"verdict\":\"hold\",\"statement\":0,"
                + "\"reason\":\"analysis exceeded its time bound of 200 ms\"}],\"statements\":[]}";
        assertEquals(5, r.lines().size(), r::describe);
        assertEquals("allow", JsonTree.object(r.lines().get(0)).get("verdict"));
        assertEquals("{\"id\":2" + timedOut, r.lines().get(1));
        assertEquals("hold", JsonTree.object(r.lines().get(2)).get("verdict"));
        assertEquals("drop", list(JsonTree.object(r.lines().get(2)).get("rules")).get(0).get("id"),
                "a fresh worker answered after the stuck one");
        assertEquals("{\"id\":4" + timedOut, r.lines().get(3));
        assertEquals("allow", JsonTree.object(r.lines().get(4)).get("verdict"));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("pgguard-classify-")) {
                assertTrue(t.isDaemon(), t + " would keep the process alive");
            }
        }
    }

    @Test
    void eachAnswerIsFlushedBeforeTheNextLineIsRead() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed);
        LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Consumer<CommandLine> lineByLine = cl -> cl.setOut(new PrintWriter(new LineCollector(answers)));
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                () -> CliRun.run(stdin, lineByLine, "classify", "--jsonl"));

        for (int i = 1; i <= 3; i++) {
            feed.write(("{\"id\":" + i + ",\"sql\":\"SELECT " + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            feed.flush();
            String answer = answers.poll(10, TimeUnit.SECONDS);
            assertNotNull(answer, "no answer to line " + i + " while the input stays open");
            assertEquals(i, ((Number) JsonTree.object(answer).get("id")).intValue());
        }
        feed.close();
        assertEquals(ExitCodes.OK, run.get(10, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void outputIsAsciiAndTextRoundTrips() {
        String sql = "SELECT 'é', '漢字', '😀'";
        String in = "{\"id\":\"ü\",\"sql\":\"" + sql + "\"}\n";

        CliRun r = CliRun.run(in, "classify", "--jsonl");

        assertTrue(r.out().chars().allMatch(c -> c < 0x80), r::describe);
        Map<String, Object> a = JsonTree.object(r.lines().get(0));
        assertEquals("ü", a.get("id"));
        assertEquals(sql, list(a.get("statements")).get(0).get("sql"));
    }

    @Test
    void invalidUtf8CostsItsLineOnly() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write("{\"id\":1,\"sql\":\"SELECT '".getBytes(StandardCharsets.UTF_8));
        in.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        in.write("'\"}\n{\"id\":2,\"sql\":\"SELECT 2\"}\n".getBytes(StandardCharsets.UTF_8));

        CliRun r = CliRun.run(new ByteArrayInputStream(in.toByteArray()), cl -> { }, "classify", "--jsonl");

        assertEquals(2, r.lines().size(), r::describe);
        assertError(JsonTree.object(r.lines().get(0)), 1, "Invalid UTF-8");
        assertEquals("allow", JsonTree.object(r.lines().get(1)).get("verdict"));
    }

    @Test
    void usageAndConfigurationErrors(@TempDir Path dir) throws Exception {
        assertEquals(ExitCodes.USAGE, CliRun.run("", "classify").exitCode(), "--jsonl is required");
        assertEquals(ExitCodes.USAGE, CliRun.run("", "classify", "--jsonl", "--timeout-ms", "x").exitCode());
        String bad = CliRun.writeConfig(dir, "listen: [\n");
        CliRun r = CliRun.run("{\"id\":1,\"sql\":\"SELECT 1\"}\n", "classify", "--jsonl", "--config", bad);
        assertEquals(ExitCodes.CONFIG, r.exitCode(), r::describe);
        assertEquals("", r.out(), "nothing classified under a configuration that cannot be read");
        assertTrue(r.err().startsWith("pgguard: invalid configuration"), r::describe);
    }

    @Test
    void stopsWhenStandardOutputIsGone() {
        Writer closed = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        String in = "{\"id\":1,\"sql\":\"SELECT 1\"}\n{\"id\":2,\"sql\":\"SELECT 2\"}\n";

        CliRun r = CliRun.run(in, cl -> cl.setOut(new PrintWriter(closed)), "classify", "--jsonl");

        assertEquals(ExitCodes.IO, r.exitCode(), r::describe);
        assertEquals("pgguard: standard output was closed; stopping\n", r.err());
    }

    @Test
    void thePolicyComesFromTheConfiguration(@TempDir Path dir) throws Exception {
        String config = CliRun.writeConfig(dir, "classifier:\n  rules: { delete-without-where: deny }\n");

        CliRun r = CliRun.run("{\"id\":1,\"sql\":\"DELETE FROM t\"}\n", "classify", "--jsonl", "--config", config);

        Map<String, Object> a = JsonTree.object(r.lines().get(0));
        assertEquals("deny", a.get("verdict"), r::describe);
        assertEquals("deny", list(a.get("rules")).get(0).get("verdict"));
    }

    @Test
    void noInputNoOutput() {
        CliRun r = CliRun.run("", "classify", "--jsonl");
        assertEquals(ExitCodes.OK, r.exitCode());
        assertEquals("", r.out());
    }

    private static void assertError(Map<String, Object> answer, Object id, String errorPart) {
        assertEquals(List.of("id", "error"), List.copyOf(answer.keySet()), answer::toString);
        Object actualId = answer.get("id") instanceof Number n ? (Object) n.intValue() : answer.get("id");
        assertEquals(id, actualId, answer::toString);
        assertTrue(String.valueOf(answer.get("error")).contains(errorPart), answer::toString);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    /** Hands over each complete line the moment it is flushed. */
    private static final class LineCollector extends Writer {
        private final LinkedBlockingQueue<String> lines;
        private final StringBuilder pending = new StringBuilder();
        private final List<String> unflushed = new ArrayList<>();

        LineCollector(LinkedBlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    unflushed.add(pending.toString());
                    pending.setLength(0);
                } else {
                    pending.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {
            lines.addAll(unflushed);
            unflushed.clear();
        }

        @Override
        public void close() {
        }
    }
}
