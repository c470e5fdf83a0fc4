package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.awaitAgent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.process.PgGuardProcess;
import dev.pgguard.it.support.PgGuardExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * {@code pgguard agent add | revoke} as an operator runs them: the real jar, beside a running {@code pgguard serve
 * --config FILE} (the real jar too) in front of a real PostgreSQL, and pgjdbc as the agent. Nothing tells the server
 * that the agents file changed: it notices by itself. An added agent logs in with the URL printed once and is
 * read-only; a revoked one loses its open session with a FATAL and cannot log in again; an agents file broken by
 * hand is rejected, and the agents in force still log in.
 */
class AgentCommandsIT {

    /** Watched every 250 ms: what pgguard agent writes is in force well within this. */
    private static final Duration PICKED_UP_WITHIN = Duration.ofSeconds(2);
    private static final Pattern DATABASE_URL = Pattern.compile("^DATABASE_URL=(\\S+)\n$");
    /** The environment the test config expects (the upstream password, the approver token): the CLI loads it too. */
    private static final Map<String, String> ENV = PgGuardExtension.builder().build().environment();

    @TempDir
    static Path workDir;

    private static PgGuardProcess pgguard;
    private static Path config;
    private static final ExecutorService agents = Executors.newCachedThreadPool();

    @BeforeAll
    static void serve() throws Exception {
        PgGuardProcess.assumeJarBuilt();
        pgguard = PgGuardProcess.start(workDir, List.of("-Xmx256m"));
        config = workDir.resolve("pgguard.yaml");
        // The test config listens on port 0; the URL agent add prints must name the port pgguard got, as a real
        // config's fixed port would be. A listen change only takes effect at a restart, so this changes nothing else.
        String yaml = Files.readString(config);
        String pinned = yaml.replace("listen: { host: 127.0.0.1, port: 0 }",
                "listen: { host: 127.0.0.1, port: " + pgguard.address().getPort() + " }");
        assertFalse(pinned.equals(yaml), "the test config's listen line changed:\n" + yaml);
        int reloads = pgguard.logCount("configuration reloaded from");
        Files.writeString(config, pinned);
        pgguard.awaitLog("configuration reloaded from", reloads + 1);
    }

    @AfterAll
    static void stop() throws Exception {
        agents.shutdownNow();
        if (pgguard != null) {
            pgguard.close();
        }
    }

    @Test
    void anAddedAgentLogsInWithThePrintedUrlAndIsReadOnly() throws Exception {
        ExternalTool.Result added = pgguard("agent", "add", "reader");

        assertEquals(0, added.exitCode(), added::describe);
        assertTrue(added.stderr().contains("shown only now"), added::describe);
        URI url = databaseUrl(added);
        try (Connection c = awaitLogin(url); Statement st = c.createStatement()) {
            assertAlive(c);
            PSQLException write = assertSqlState("42501", () -> st.execute("CREATE TEMP TABLE t (x int)"));
            assertTrue(write.getMessage().contains("is read-only"), write.getMessage());
        }
        if (ExternalTool.onPath("psql").isPresent()) { // libpq takes the URL as printed
            ExternalTool.Result psql = ExternalTool.run(List.of("psql", url.toString(), "-Atc", "SELECT 40 + 2"),
                    Map.of(), null, Duration.ofSeconds(30));
            assertEquals("42\n", psql.stdout(), psql::describe);
        }
    }

    @Test
    void aRevokedAgentLosesItsOpenSessionWithAFatalAndCannotLogInAgain() throws Exception {
        URI url = databaseUrl(pgguard("agent", "add", "doomed"));
        Connection c = awaitLogin(url);
        Statement st = c.createStatement();
        Future<Boolean> running = agents.submit(() -> st.execute("SELECT pg_sleep(30)"));
        Thread.sleep(500); // the statement reaches PostgreSQL: the session is busy, not idle, when it is revoked

        ExternalTool.Result revoked = pgguard("agent", "revoke", "doomed");
        long revokedAt = System.nanoTime();

        assertEquals(0, revoked.exitCode(), revoked::describe);
        PSQLException ended = assertSqlState("28000", () -> awaitAgent(running));
        Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
        assertTrue(took.compareTo(PICKED_UP_WITHIN) < 0, "the session ended " + took + " after the revoke");
        assertTrue(ended.getMessage().contains("access of agent \"doomed\" was revoked"), ended.getMessage());
        assertTrue(c.isClosed(), "the connection is closed");
        assertSqlState("28P01", () -> connect(url));

        ExternalTool.Result configs = pgguard("agent", "revoke", PgGuardExtension.AGENT);
        assertEquals(1, configs.exitCode(), configs::describe);
        assertTrue(configs.stderr().contains("delete its entry there"), configs::describe);
    }

    @Test
    void anAgentsFileBrokenByHandIsRejectedAndTheAgentsInForceStillLogIn() throws Exception {
        URI url = databaseUrl(pgguard("agent", "add", "steady"));
        awaitLogin(url).close();
        Path agentsFile = workDir.resolve("agents.yaml");
        byte[] good = Files.readAllBytes(agentsFile);
        try {
            int rejections = pgguard.logCount("rejected; the running configuration stays in force");
            Files.writeString(agentsFile, "agents: [ {\n");
            pgguard.awaitLog("rejected; the running configuration stays in force", rejections + 1);
            try (Connection steady = connect(url); Connection harness = pgguard.connect()) {
                assertAlive(steady);
                assertAlive(harness);
            }

            ExternalTool.Result refused = pgguard("agent", "add", "another");
            assertEquals(78, refused.exitCode(), refused::describe);
            assertTrue(refused.stderr().contains("invalid configuration in " + agentsFile), refused::describe);
            assertArrayEquals("agents: [ {\n".getBytes(), Files.readAllBytes(agentsFile), "left for its human to fix");
        } finally {
            int reloads = pgguard.logCount("configuration reloaded from");
            Files.write(agentsFile, good);
            pgguard.awaitLog("configuration reloaded from", reloads + 1);
        }
    }

    /** {@code pgguard ARGS --config FILE}, run from the jar as an operator would, in the environment of the server. */
    private static ExternalTool.Result pgguard(String... args) throws Exception {
        List<String> command = new ArrayList<>(PgGuardProcess.cliCommand(args));
        command.addAll(List.of("--config", config.toString()));
        return ExternalTool.run(command, ENV, null, Duration.ofSeconds(60));
    }

    private static URI databaseUrl(ExternalTool.Result added) {
        Matcher m = DATABASE_URL.matcher(added.stdout());
        assertTrue(m.matches(), () -> "standard output is the DATABASE_URL line alone:\n" + added.describe());
        return URI.create(m.group(1));
    }

    /** Logs in as the URL's agent, retrying while pgguard has not yet read the agents file. */
    private static Connection awaitLogin(URI url) throws Exception {
        long deadline = System.nanoTime() + PICKED_UP_WITHIN.toNanos();
        while (true) {
            try {
                return connect(url);
            } catch (SQLException e) {
                if (!"28P01".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** pgjdbc does not take credentials in the URL: they go as user and password, decoded, as a program would. */
    private static Connection connect(URI url) throws SQLException {
        String[] credentials = url.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath()
                + "?sslmode=disable&connectTimeout=10&socketTimeout=60", credentials[0], credentials[1]);
    }
}
