package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code psql} through pgguard (skipped, with the reason, where psql is not installed): multi-statement
 * strings, {@code \copy} both ways, NOTICE on stderr, and verbose errors identical to what PostgreSQL itself gives.
 */
class PsqlIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    @BeforeAll
    static void start() {
        assumeTrue(ExternalTool.onPath("psql").isPresent(), "psql is not on the PATH: psql tests skipped");
        pgguard.start();
    }

    @AfterAll
    static void stop() {
        pgguard.close();
    }

    @Test
    void multiStatementStringShowsEveryResult() throws Exception {
        ExternalTool.Result r = psql(pgguard.libpqEnvironment(), null, "-A", "-t", "-c", "select 1; select 2");
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(List.of("1", "2"), r.stdout().lines().toList(), r::describe);
    }

    /** One Query message is one implicit transaction: a failing last statement undoes the earlier ones. */
    @Test
    void multiStatementStringIsOneTransaction() throws Exception {
        Map<String, String> env = pgguard.libpqEnvironment();
        directly("drop table if exists it_psql_tx");
        ExternalTool.Result setup = psql(env, null, "-c", "create table it_psql_tx (a int)");
        assertEquals(0, setup.exitCode(), setup::describe);
        ExternalTool.Result failing = psql(env, null, "-c", "insert into it_psql_tx values (1); select 1/0");
        assertEquals(1, failing.exitCode(), failing::describe);
        assertTrue(failing.stderr().contains("division by zero"), failing::describe);
        ExternalTool.Result count = psql(env, null, "-A", "-t", "-c", "select count(*) from it_psql_tx");
        directly("drop table it_psql_tx");
        assertEquals(0, count.exitCode(), count::describe);
        assertEquals("0", count.stdout().lines().findFirst().orElse(""), count::describe);
    }

    @Test
    void copyInAndOutRoundTrip(@TempDir Path dir) throws Exception {
        Map<String, String> env = pgguard.libpqEnvironment();
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            // text format, canonical escapes: what COPY TO writes back byte for byte
            String text = switch (i % 5) {
                case 0 -> "\\N";
                case 1 -> "plain row " + i;
                case 2 -> "tab\\there, newline\\nthere, back\\\\slash";
                case 3 -> "unicode h\u00e9llo w\u00f6rld \u2713 " + i;
                default -> "x".repeat(i % 300);
            };
            data.append(i).append('\t').append(text).append('\t').append("{\"n\": ").append(i).append("}\n");
        }
        Path in = dir.resolve("in.tsv");
        Path out = dir.resolve("out.tsv");
        Files.writeString(in, data, StandardCharsets.UTF_8);

        directly("drop table if exists it_psql_copy");
        ExternalTool.Result create = psql(env, null, "-c",
                "create table it_psql_copy (id int primary key, t text, j jsonb)");
        assertEquals(0, create.exitCode(), create::describe);
        try {
            ExternalTool.Result copyIn = psql(env, null, "-c", "\\copy it_psql_copy from '" + in + "'");
            assertEquals(0, copyIn.exitCode(), copyIn::describe);
            assertEquals("COPY 2000", copyIn.stdout().strip(), copyIn::describe);

            ExternalTool.Result copyOut = psql(env, null, "-c",
                    "\\copy (select * from it_psql_copy order by id) to '" + out + "'");
            assertEquals(0, copyOut.exitCode(), copyOut::describe);
            assertEquals("COPY 2000", copyOut.stdout().strip(), copyOut::describe);
            assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out), "\\copy out gives back what went in");

            ExternalTool.Result check = psql(env, null, "-A", "-t", "-c",
                    "select count(*), count(t), sum((j->>'n')::int) from it_psql_copy");
            assertEquals("2000|1600|2001000", check.stdout().strip(), check::describe);
        } finally {
            directly("drop table if exists it_psql_copy");
        }
    }

    @Test
    void noticeShowsOnStderr() throws Exception {
        ExternalTool.Result r = psql(pgguard.libpqEnvironment(), null, "-c",
                "DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("NOTICE:  hello 42"), r::describe);
        assertEquals("DO", r.stdout().strip(), r::describe);
    }

    /**
     * {@code \set VERBOSITY verbose}: the SQLSTATE, detail and location of each error, and the session going on
     * after them. The whole transcript is the same as PostgreSQL's own, directly.
     */
    @Test
    void verboseErrorsCarryTheirSqlState() throws Exception {
        String script = String.join("\n",
                "\\set VERBOSITY verbose",
                "create temp table it_psql_verbose (a int primary key);",
                "create temp table if not exists it_psql_verbose (a int primary key);",
                "insert into it_psql_verbose values (1);",
                "insert into it_psql_verbose values (1);",
                "select 1/0;",
                "select 'still ' || 'here' as after_errors;",
                "");
        ExternalTool.Result proxied = psql(pgguard.libpqEnvironment(), script, "-v", "ON_ERROR_STOP=0", "-f", "-");
        assertEquals(0, proxied.exitCode(), proxied::describe);
        assertTrue(proxied.stderr().contains(
                "ERROR:  23505: duplicate key value violates unique constraint \"it_psql_verbose_pkey\""), proxied::describe);
        assertTrue(proxied.stderr().contains("DETAIL:  Key (a)=(1) already exists."), proxied::describe);
        assertTrue(proxied.stderr().contains("LOCATION:  "), proxied::describe);
        assertTrue(proxied.stderr().contains("ERROR:  22012: division by zero"), proxied::describe);
        assertTrue(proxied.stdout().contains("still here"), proxied::describe);

        assertTrue(proxied.stderr().contains("NOTICE:  42P07: relation \"it_psql_verbose\" already exists, skipping"),
                proxied::describe);

        ExternalTool.Result direct = psql(direct(), script, "-v", "ON_ERROR_STOP=0", "-f", "-");
        assertEquals(direct.stdout(), proxied.stdout(), "stdout through pgguard vs direct");
        // the temporary schema's number is the backend's, different for every connection
        assertEquals(direct.stderr().replaceAll("pg_temp_\\d+", "pg_temp_N"),
                proxied.stderr().replaceAll("pg_temp_\\d+", "pg_temp_N"), "stderr through pgguard vs direct");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static Map<String, String> direct() {
        return UpstreamPostgres.get().directLibpqEnvironment(UpstreamPostgres.get().database());
    }

    private static ExternalTool.Result psql(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1"));
        cmd.addAll(List.of(args));
        env.put("LC_MESSAGES", "C");
        return ExternalTool.run(cmd, env, stdin, TIMEOUT);
    }
}
