package dev.pgguard.it;

import dev.pgguard.it.process.PgGuardProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README command 1 as a new user runs it: {@code pgguard serve} with no upstream and no agents starts an
 * embedded PostgreSQL, creates a demo agent and prints a DATABASE_URL that works. The embedded database must not
 * be a way around pgguard: a login to it without pgguard's password is refused.
 */
class EmbeddedServeIT {

    private static final Pattern URL = Pattern.compile("DATABASE_URL=postgresql://(\\w+):([\\w-]+)@127\\.0\\.0\\.1:(\\d+)/(\\w+)");
    private static final Pattern EMBEDDED = Pattern.compile("embedded PostgreSQL on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void servesAnEmbeddedDatabaseThroughTheUrlItPrints(@TempDir Path dir) throws Exception {
        Path jar = PgGuardProcess.jar().orElse(null);
        Assumptions.assumeTrue(jar != null, "pgguard.jar not built (system property pgguard.jar)");
        Path config = dir.resolve("pgguard.yaml");
        Files.writeString(config, "listen: { host: 127.0.0.1, port: 0 }\nadmin: { host: 127.0.0.1, port: 0 }\n"
                + "audit: { directory: '" + dir.resolve("audit") + "' }\n");
        Path out = dir.resolve("out.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--config", config.toString(),
                "--embedded-data", dir.resolve("pg").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Matcher url = await(out, URL, process);
            Matcher embedded = await(out, EMBEDDED, process);
            String jdbc = "jdbc:postgresql://127.0.0.1:" + url.group(3) + "/" + url.group(4);
            try (Connection c = DriverManager.getConnection(jdbc, url.group(1), url.group(2));
                 ResultSet rs = c.createStatement().executeQuery("SELECT 6 * 7")) {
                rs.next();
                assertEquals(42, rs.getInt(1));
            }
            String direct = "jdbc:postgresql://127.0.0.1:" + embedded.group(1) + "/postgres";
            SQLException noPassword = assertThrows(SQLException.class, () -> DriverManager.getConnection(direct, "postgres", ""));
            assertTrue(noPassword.getMessage().contains("password"), noPassword::getMessage);
            SQLException guessed = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(direct, "postgres", "postgres"));
            assertEquals("28P01", guessed.getSQLState(), guessed::getMessage);

            process.destroy(); // SIGTERM: drain, stop the embedded PostgreSQL, exit
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "pgguard did not stop on SIGTERM");
            assertThrows(java.io.IOException.class, () -> new Socket("127.0.0.1", Integer.parseInt(embedded.group(1))).close(),
                    "the embedded PostgreSQL stops with pgguard");
        } finally {
            process.destroyForcibly();
        }
    }

    private static Matcher await(Path out, Pattern pattern, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pgguard serve did not print " + pattern + ":\n" + Files.readString(out));
    }
}
