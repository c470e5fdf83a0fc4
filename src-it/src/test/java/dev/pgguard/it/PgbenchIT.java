package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code pgbench} through pgguard (skipped, with the reason, where pgbench is not installed): initialise
 * (COPY FROM STDIN, VACUUM, keys), then the TPC-B-like mix in the simple, extended and prepared protocols, each
 * with zero failed transactions. pgbench works in its own database, {@value #DATABASE}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class PgbenchIT {

    private static final String DATABASE = "it_pgbench";
    private static final int CLIENTS = 4;
    private static final int TRANSACTIONS_PER_CLIENT = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final Pattern PROCESSED =
            Pattern.compile("number of transactions actually processed: (\\d+)/(\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private static final PgGuardExtension pgguard = PgGuardExtension.builder().database(DATABASE).denyEveryHold().build();

    @BeforeAll
    static void start() throws SQLException {
        assumeTrue(ExternalTool.onPath("pgbench").isPresent(), "pgbench is not on the PATH: pgbench tests skipped");
        directly("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "CREATE DATABASE " + DATABASE);
        pgguard.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        pgguard.close();
        if (ExternalTool.onPath("pgbench").isPresent()) {
            directly("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /**
     * {@code pgbench -i} starts with {@code drop table if exists pgbench_...}: through pgguard that is refused
     * (42501, rule drop) and nothing is created. The tables are then initialised on the database directly, as an
     * operator would, and the runs go through pgguard.
     */
    @Test
    @Order(1)
    void initialise() throws Exception {
        ExternalTool.Result refused = pgbench(pgguard.libpqEnvironment(), "-i", "-s", "1");
        assertTrue(refused.exitCode() != 0, refused::describe);
        assertTrue(refused.stderr().contains("rule \"drop\""), refused::describe);
        assertEquals(0L, directLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'pgbench%'"),
                "the refused initialisation created nothing");

        ExternalTool.Result r = pgbench(direct(), "-i", "-s", "1");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("done in"), r::describe);
        directExecute("GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC");
        assertEquals(100_000L, directCount("pgbench_accounts"), "pgbench -i -s 1 loads 100,000 accounts");
        assertEquals(10L, directCount("pgbench_tellers"));
        assertEquals(1L, directCount("pgbench_branches"));
    }

    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"simple", "extended", "prepared"})
    @Order(2)
    void tpcbLikeWithNoFailures(String mode) throws Exception {
        // -n: no VACUUM and no TRUNCATE pgbench_history before the run (pgguard would hold the TRUNCATE)
        directExecute("TRUNCATE pgbench_history");
        ExternalTool.Result r = pgbench(pgguard.libpqEnvironment(), "-n", "-M", mode, "-c", String.valueOf(CLIENTS), "-j", "2",
                "-t", String.valueOf(TRANSACTIONS_PER_CLIENT));
        assertEquals(0, r.exitCode(), r::describe);
        int expected = CLIENTS * TRANSACTIONS_PER_CLIENT;

        Matcher processed = PROCESSED.matcher(r.stdout());
        assertTrue(processed.find(), r::describe);
        assertEquals(expected, Integer.parseInt(processed.group(1)), r::describe);
        assertEquals(expected, Integer.parseInt(processed.group(2)), r::describe);
        Matcher failed = FAILED.matcher(r.stdout());
        assertTrue(failed.find(), r::describe);
        assertEquals(0, Integer.parseInt(failed.group(1)), r::describe);
        assertTrue(r.stdout().contains("number of failed transactions: 0"), r::describe);

        // pgbench_history was emptied before the run, and each TPC-B-like transaction inserts one row into it: the
        // database saw exactly these transactions commit.
        assertEquals(expected, directCount("pgbench_history"), "history rows after -M " + mode);
        Matcher tps = TPS.matcher(r.stdout());
        System.out.println("[PgbenchIT] -M " + mode + ": " + expected + " transactions, 0 failed, tps "
                + (tps.find() ? tps.group(1) : "?") + " (information only)");
    }

    private static ExternalTool.Result pgbench(Map<String, String> target, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(target);
        env.put("LC_MESSAGES", "C");
        List<String> cmd = new ArrayList<>(List.of("pgbench"));
        cmd.addAll(List.of(args));
        return ExternalTool.run(cmd, env, null, TIMEOUT);
    }

    /** libpq settings for the database itself, as its superuser. */
    private static Map<String, String> direct() {
        return UpstreamPostgres.get().directLibpqEnvironment(DATABASE);
    }

    private static long directCount(String table) throws SQLException {
        return directLong("SELECT count(*) FROM " + table);
    }

    private static void directExecute(String sql) throws SQLException {
        try (Connection c = directConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long directLong(String sql) throws SQLException {
        try (Connection c = directConnection()) {
            return Long.parseLong(scalar(c, sql));
        }
    }

    /** To {@value #DATABASE} itself, as the superuser. */
    private static Connection directConnection() throws SQLException {
        return UpstreamPostgres.get().connectDirectTo(DATABASE);
    }
}
