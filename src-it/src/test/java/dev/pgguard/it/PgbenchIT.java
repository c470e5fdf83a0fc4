package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

    private static final PgGuardExtension pgguard = PgGuardExtension.builder().database(DATABASE).build();

    @BeforeAll
    static void start() throws SQLException {
        assumeTrue(ExternalTool.onPath("pgbench").isPresent(), "pgbench is not on the PATH: pgbench tests skipped");
        try (Connection c = UpstreamPostgres.get().connectDirect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DATABASE);
        }
        pgguard.start();
    }

    @AfterAll
    static void stop() throws SQLException {
        pgguard.close();
        if (ExternalTool.onPath("pgbench").isPresent()) {
            try (Connection c = UpstreamPostgres.get().connectDirect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
        }
    }

    @Test
    @Order(1)
    void initialise() throws Exception {
        ExternalTool.Result r = pgbench("-i", "-s", "1");
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stderr().contains("done in"), r::describe);
        assertEquals(100_000L, directCount("pgbench_accounts"), "pgbench -i -s 1 loads 100,000 accounts");
        assertEquals(10L, directCount("pgbench_tellers"));
        assertEquals(1L, directCount("pgbench_branches"));
    }

    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"simple", "extended", "prepared"})
    @Order(2)
    void tpcbLikeWithNoFailures(String mode) throws Exception {
        ExternalTool.Result r = pgbench("-M", mode, "-c", String.valueOf(CLIENTS), "-j", "2",
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

        // pgbench truncates pgbench_history before a run (it does not get -n), and each TPC-B-like transaction
        // inserts one row into it: the database saw exactly these transactions commit.
        assertEquals(expected, directCount("pgbench_history"), "history rows after -M " + mode);
        Matcher tps = TPS.matcher(r.stdout());
        System.out.println("[PgbenchIT] -M " + mode + ": " + expected + " transactions, 0 failed, tps "
                + (tps.find() ? tps.group(1) : "?") + " (information only)");
    }

    private static ExternalTool.Result pgbench(String... args) throws Exception {
        Map<String, String> env = pgguard.libpqEnvironment();
        env.put("LC_MESSAGES", "C");
        List<String> cmd = new ArrayList<>(List.of("pgbench"));
        cmd.addAll(List.of(args));
        return ExternalTool.run(cmd, env, null, TIMEOUT);
    }

    private static long directCount(String table) throws SQLException {
        UpstreamPostgres pg = UpstreamPostgres.get();
        Properties props = new Properties();
        props.setProperty("user", pg.superUser());
        if (pg.superPassword() != null) {
            props.setProperty("password", pg.superPassword());
        }
        String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + DATABASE + "?sslmode=disable";
        try (Connection c = DriverManager.getConnection(url, props); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
