package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.it.process.PgGuardProcess;
import dev.pgguard.it.support.PgGuardExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * A configuration reload without a restart: an agent whose access changes loses its open sessions at once (a
 * FATAL that says why) and logs in on the new terms; a removed agent cannot log in; and in a running
 * {@code pgguard serve}, SIGHUP with a broken file keeps the old configuration in force while a valid edit to
 * the file is picked up by itself.
 */
class ReloadIT {

    @TempDir
    Path workDir;

    @Test
    void changedOrRemovedAgentsLoseTheirSessionsAndLogInOnTheNewTerms() throws Exception {
        PgGuardExtension pgguard = PgGuardExtension.builder().build().start();
        try (Connection before = pgguard.connect(); Statement st = before.createStatement()) {
            st.execute("SELECT 1");
            pgguard.server().reload(config(pgguard, pgguard.yaml().replace("mode: read-write", "mode: read-only")));
            SQLException ended = assertThrows(SQLException.class, () -> st.execute("SELECT 1"));
            assertTrue(ended.getMessage().contains("revoked or changed") || "08006".equals(ended.getSQLState()),
                    ended.getSQLState() + " " + ended.getMessage());
            try (Connection after = pgguard.connect(); Statement st2 = after.createStatement()) {
                PSQLException readOnly = assertSqlState("42501", () -> st2.execute("CREATE TEMP TABLE t (x int)"));
                assertTrue(readOnly.getMessage().contains("is read-only"), readOnly.getMessage());
            }
            pgguard.server().reload(config(pgguard, pgguard.yaml().replace("name: " + PgGuardExtension.AGENT,
                    "name: someone-else")));
            assertSqlState("28P01", pgguard::connect);
            pgguard.server().reload(config(pgguard, pgguard.yaml()));
            try (Connection again = pgguard.connect()) {
                assertAlive(again);
            }
        } finally {
            pgguard.close();
        }
    }

    @Test
    void sighupWithABrokenFileKeepsTheOldConfigAndAFileEditIsPickedUp() throws Exception {
        PgGuardProcess.assumeJarBuilt();
        try (PgGuardProcess process = PgGuardProcess.start(workDir, List.of("-Xmx256m"))) {
            Path file = workDir.resolve("pgguard.yaml");
            String good = Files.readString(file);
            Files.writeString(file, good + "listen: { port: 70000 }\n"); // a duplicate key and a bad port
            new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
            process.awaitLog("rejected; the running configuration stays in force", 1);
            try (Connection c = process.connect()) {
                assertAlive(c);
            }
            Files.writeString(file, good.replace("name: " + PgGuardExtension.AGENT, "name: someone-else"));
            process.awaitLog("configuration reloaded from", 1);
            assertSqlState("28P01", process::connect);
        }
    }

    private static PgGuardConfig config(PgGuardExtension pgguard, String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "it", pgguard.environment());
    }
}
