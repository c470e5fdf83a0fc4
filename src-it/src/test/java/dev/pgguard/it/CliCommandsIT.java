package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.process.PgGuardProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgguard check} and {@code pgguard classify --jsonl} as a script or a tool runs them: the executable jar
 * in its own JVM, SQL on the command line or JSON lines on standard input, the verdict in the exit code or on
 * standard output, and a reader that goes away. No database is involved.
 */
class CliCommandsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void jarBuilt() {
        PgGuardProcess.assumeJarBuilt();
    }

    @Test
    void classifyAnswersEachJsonLineInOrder() throws Exception {
        String stdin = """
                {"id": 1, "sql": "SELECT 1"}
                {"id": "two", "sql": "DROP TABLE x"}
                not json
                """;

        ExternalTool.Result r = pgguard(stdin, "classify", "--jsonl");

        assertEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(3, lines.size(), r::describe);
        assertEquals("{\"id\":1,\"verdict\":\"allow\",\"rules\":[],\"statements\":[{\"sql\":\"SELECT 1\",\"kind\":\"read\","
                + "\"verdict\":\"allow\",\"rules\":[],\"reads\":[],\"writes\":[],\"canWrite\":false}]}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"id\":\"two\",\"verdict\":\"hold\",\"rules\":[{\"id\":\"drop\",\"verdict\":\"hold\","
                + "\"statement\":1,\"reason\":"), r::describe);
        assertTrue(lines.get(1).endsWith("\"statements\":[{\"sql\":\"DROP TABLE x\",\"kind\":\"ddl\",\"verdict\":\"hold\","
                + "\"rules\":[\"drop\"],\"reads\":[],\"writes\":[\"x\"],\"canWrite\":true}]}"), r::describe);
        assertTrue(lines.get(2).startsWith("{\"id\":null,\"error\":\"invalid JSON: "), r::describe);
    }

    @Test
    void checkExitsWithTheVerdict() throws Exception {
        ExternalTool.Result drop = pgguard(null, "check", "DROP TABLE x");
        assertEquals(1, drop.exitCode(), drop::describe);
        assertTrue(drop.stdout().startsWith("HOLD  (1 of 1 statement would wait for a human approval)\n"), drop::describe);
        assertTrue(drop.stdout().contains("   hold  drop  "), drop::describe);

        ExternalTool.Result select = pgguard("SELECT 1;\n", "check", "-");
        assertEquals(0, select.exitCode(), select::describe);
        assertTrue(select.stdout().startsWith("ALLOW  "), select::describe);
        assertTrue(!select.stdout().contains("\u001b["), "not a terminal: no colours");
    }

    @Test
    void classifyStopsWhenItsReaderGoesAway(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(PgGuardProcess.cliCommand("classify", "--jsonl")).redirectError(stderr.toFile())
                .start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                for (int i = 0; i < 1_000_000; i++) {
                    in.write(("{\"id\":" + i + ",\"sql\":\"SELECT " + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException stopped) {
                // pgguard stopped reading: what this test waits for
            }
        }, "classify-feeder");
        feeder.setDaemon(true);
        feeder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(out.readLine().startsWith("{\"id\":0,"));
        }
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "classify went on after its standard output was closed");
            assertEquals(74, p.exitValue(), () -> readQuietly(stderr));
            assertTrue(readQuietly(stderr).contains("standard output was closed"), () -> readQuietly(stderr));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static ExternalTool.Result pgguard(String stdin, String... args) throws Exception {
        return ExternalTool.run(PgGuardProcess.cliCommand(args), Map.of(), stdin, TIMEOUT);
    }
}
