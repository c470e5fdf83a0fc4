package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.support.Approver;
import dev.pgguard.it.support.PgGuardExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds as a person at psql meets them (skipped, with the reason, where psql is not installed): the notice
 * appears while psql waits, an approval lets the statement run, Ctrl-C (SIGINT, which makes psql send a
 * CancelRequest) withdraws the hold.
 */
class PsqlHoldsIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    private final Approver human = new Approver(pgguard);

    @BeforeAll
    static void psqlInstalled() {
        assumeTrue(ExternalTool.onPath("psql").isPresent(), "psql is not on the PATH: psql tests skipped");
    }

    @BeforeEach
    void freshTable() throws SQLException {
        directly("DROP TABLE IF EXISTS held_psql", "CREATE TABLE held_psql (id int)",
                "INSERT INTO held_psql VALUES (1), (2)", "GRANT ALL ON held_psql TO PUBLIC");
    }

    @Test
    void approvedDropRunsAndPsqlShowedTheNotice() throws Exception {
        Process psql = psql("DROP TABLE held_psql");
        String id = human.awaitHold();
        assertEquals(200, human.approve(id).statusCode());
        assertTrue(psql.waitFor(20, TimeUnit.SECONDS), "psql ends once the statement ran");
        String stderr = new String(psql.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, psql.exitValue(), stderr);
        assertTrue(stderr.contains("WARNING:  pgguard is holding this statement") && stderr.contains("pgguard approve " + id),
                stderr);
        assertEquals("0", directScalar("SELECT count(*) FROM pg_class WHERE relname = 'held_psql'"), "the table is gone");
    }

    @Test
    void ctrlCWithdrawsTheHold() throws Exception {
        Process psql = psql("TRUNCATE held_psql");
        String id = human.awaitHold();
        new ProcessBuilder("kill", "-INT", Long.toString(psql.pid())).start().waitFor();
        assertTrue(psql.waitFor(20, TimeUnit.SECONDS), "psql ends after the cancel");
        String stderr = new String(psql.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("canceling statement due to user request"), stderr);
        assertEquals("withdrawn", human.awaitState(id, "withdrawn"));
        assertEquals("2", directScalar("SELECT count(*) FROM held_psql"), "nothing was truncated");
    }

    private Process psql(String sql) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ExternalTool.onPath("psql").orElseThrow().toString(), "-X",
                "-v", "ON_ERROR_STOP=1", "-c", sql);
        pb.environment().putAll(pgguard.libpqEnvironment());
        return pb.start();
    }

}
