package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertAlive;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.awaitAgent;
import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.process.RawPgClient;
import dev.pgguard.it.support.Approver;
import dev.pgguard.it.support.PgGuardExtension;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/**
 * Holds end to end: a real PostgreSQL, pgjdbc in both protocols, and a human at the admin API ({@link Approver},
 * what {@code pgguard approve} does). Every test checks the database's actual state afterwards, through a direct
 * connection: the table is still there, or the rows are gone.
 */
class HoldsIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().holdTimeouts("30s", "10s").build();

    /** Short timeouts, for the timeout and late-approval cases. */
    @RegisterExtension
    static final PgGuardExtension impatient = PgGuardExtension.builder().holdTimeouts("1s", "1s").build();

    private static final ExecutorService agents = Executors.newCachedThreadPool();

    private final Approver human = new Approver(pgguard);

    @AfterAll
    static void stopAgents() {
        agents.shutdownNow();
    }

    @BeforeEach
    void freshTable() throws SQLException {
        directly("DROP TABLE IF EXISTS held_t",
                "CREATE TABLE held_t (id int PRIMARY KEY, v text)",
                "INSERT INTO held_t SELECT g, 'v' || g FROM generate_series(1, 10) g",
                "GRANT ALL ON held_t TO PUBLIC");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void approvedStatementRunsAndTheAgentWasToldWhatWaits(String mode) throws Exception {
        String id;
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            Future<Integer> delete = agents.submit(() -> st.executeUpdate("DELETE FROM held_t"));
            id = human.awaitHold();
            assertFalse(delete.isDone(), "the agent's statement waits for the human");
            assertEquals(10L, tableRows(), "nothing reached the database while held");
            assertEquals(200, human.approve(id).statusCode());
            assertEquals(10, delete.get(10, TimeUnit.SECONDS), "the approved DELETE ran and reports its count");
            SQLWarning notice = st.getWarnings();
            assertNotNull(notice, "the NoticeResponse reached the driver");
            assertTrue(notice.getMessage().contains("hold " + id), notice.getMessage());
            assertAlive(c);
        }
        assertEquals(0L, tableRows(), "the rows are gone");
        assertEquals("approved", human.state(id));
        String metrics = human.get("/metrics").body();
        assertTrue(metrics.contains("pgguard_hold_wait_seconds_count{outcome=\"approved\"}")
                && metrics.contains("pgguard_holds_pending"), "hold metrics on /metrics");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void deniedStatementFailsWithTheReasonAndTheSessionGoesOn(String mode) throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            Future<Boolean> drop = agents.submit(() -> st.execute("DROP TABLE held_t"));
            String id = human.awaitHold();
            assertEquals(200, human.deny(id, "not on production").statusCode());
            PSQLException e = assertSqlState("42501", () -> awaitAgent(drop));
            assertTrue(e.getMessage().contains(id) && e.getMessage().contains("not on production")
                    && e.getMessage().contains("rule \"drop\""), e.getMessage());
            assertAlive(c);
            assertEquals(409, human.approve(id).statusCode(), "a decided hold cannot be decided again");
        }
        assertEquals(10L, tableRows(), "the table is still there");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void denialInsideATransactionFailsItUpstreamAndRollbackRecovers(String mode) throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO held_t VALUES (100, 'in tx')");
            Future<Boolean> drop = agents.submit(() -> st.execute("DROP TABLE held_t"));
            human.deny(human.awaitHold(), "no");
            assertSqlState("42501", () -> awaitAgent(drop));
            // exactly as PostgreSQL after a failed statement: the transaction is aborted until ROLLBACK
            assertSqlState("25P02", () -> st.execute("SELECT 1"));
            c.rollback();
            assertAlive(c);
        }
        assertEquals(10L, tableRows(), "the insert was rolled back and the table is still there");
    }

    @Test
    void timeoutAnswers57014AndALateApprovalLetsTheIdenticalRetryThroughOnce() throws Exception {
        Approver late = new Approver(impatient);
        try (Connection c = impatient.connect("preferQueryMode=extended")) {
            PreparedStatement delete = c.prepareStatement("DELETE FROM held_t WHERE v = ? OR true");
            delete.setString(1, "v1");
            PSQLException timedOut = assertSqlState("57014", delete::executeUpdate);
            String id = holdId(timedOut.getMessage());
            assertTrue(timedOut.getMessage().contains(id), timedOut.getMessage());
            assertEquals(10L, tableRows(), "nothing ran");
            assertEquals(200, late.approve(id).statusCode(), "an approval after the timeout is still taken");
            assertTrue(late.get("/holds/" + id).body().contains("\"pre_authorised_until\":\"20"));

            delete.setString(1, "v2");
            assertSqlState("57014", delete::executeUpdate); // other parameters: not what was approved
            delete.setString(1, "v1");
            assertEquals(10, delete.executeUpdate(), "the identical statement passes on the late approval");
            assertSqlState("57014", delete::executeUpdate); // once only
            assertAlive(c);
        }
        assertEquals(0L, tableRows());
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void cancelWhileHeldWithdrawsTheHold(String mode) throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=" + mode); Statement st = c.createStatement()) {
            Future<Boolean> truncate = agents.submit(() -> st.execute("TRUNCATE held_t"));
            String id = human.awaitHold();
            st.cancel();
            PSQLException e = assertSqlState("57014", () -> awaitAgent(truncate));
            assertTrue(e.getMessage().contains("canceling statement due to user request"), e.getMessage());
            assertEquals("withdrawn", human.awaitState(id, "withdrawn"));
            assertEquals(409, human.approve(id).statusCode(), "a withdrawn hold cannot be approved");
            assertAlive(c);
        }
        assertEquals(10L, tableRows());
    }

    @Test
    void disconnectWhileHeldWithdrawsTheHold() throws Exception {
        Connection c = pgguard.connect();
        Statement st = c.createStatement();
        agents.submit(() -> st.execute("DROP TABLE held_t"));
        String id = human.awaitHold();
        c.abort(agents); // the socket goes, no Terminate
        assertEquals("withdrawn", human.awaitState(id, "withdrawn"));
        assertEquals(409, human.approve(id).statusCode());
        assertEquals(10L, tableRows());
    }

    @Test
    void multiStatementStringWithTheDestructiveStatementInTheMiddleIsHeldWhole() throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=simple"); Statement st = c.createStatement()) {
            Future<Boolean> all = agents.submit(() -> st.execute(
                    "INSERT INTO held_t VALUES (100, 'first'); DELETE FROM held_t; INSERT INTO held_t VALUES (101, 'last')"));
            String id = human.awaitHold();
            assertEquals(10L, tableRows(), "not even the first INSERT ran while held");
            human.approve(id);
            all.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1L, tableRows(), "all three ran, in order: only the last insert is left");
    }

    @Test
    void pipelinedBatchWithOneHeldStatementWaitsWholeAndDenialRunsNoneOfIt() throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=extended"); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO held_t VALUES (100, 'a')");
            st.addBatch("DELETE FROM held_t");
            st.addBatch("INSERT INTO held_t VALUES (101, 'b')");
            Future<int[]> batch = agents.submit(st::executeBatch);
            human.deny(human.awaitHold(), "keep the rows");
            Exception e = assertThrows(Exception.class, () -> batch.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof BatchUpdateException, String.valueOf(e.getCause()));
            assertAlive(c);
        }
        assertEquals(10L, tableRows(), "the batch is one implicit transaction: none of it stays");

        try (Connection c = pgguard.connect("preferQueryMode=extended"); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO held_t VALUES (100, 'a')");
            st.addBatch("DELETE FROM held_t");
            st.addBatch("INSERT INTO held_t VALUES (101, 'b')");
            Future<int[]> batch = agents.submit(st::executeBatch);
            human.approve(human.awaitHold());
            int[] counts = batch.get(10, TimeUnit.SECONDS);
            assertEquals(11, counts[1], "the DELETE saw the first INSERT's row");
        }
        assertEquals(1L, tableRows());
    }

    @Test
    void eachExecutionOfAHeldPreparedStatementNeedsItsOwnApproval() throws Exception {
        try (Connection c = pgguard.connect("preferQueryMode=extended", "prepareThreshold=1")) {
            PreparedStatement delete = c.prepareStatement("DELETE FROM held_t");
            Future<Integer> first = agents.submit(() -> delete.executeUpdate());
            human.approve(human.awaitHold());
            assertEquals(10, first.get(10, TimeUnit.SECONDS));
            directly("INSERT INTO held_t VALUES (1, 'again')");
            Future<Integer> second = agents.submit(() -> delete.executeUpdate());
            String again = human.awaitHold();
            assertFalse(second.isDone(), "the second execution of the same prepared statement waits again");
            human.deny(again, "once was enough");
            assertSqlState("42501", () -> awaitAgent(second));
            assertAlive(c);
        }
        assertEquals(1L, tableRows());
    }

    /**
     * PostgreSQL refuses a Parse of a name that exists (42P05) and keeps the statement: a safe Parse of a held
     * statement's name must not let the next Bind of it run the held statement unseen.
     */
    @Test
    void aSafeParseOfAHeldNameLeavesItHeld() throws Exception {
        try (RawPgClient c = agentWithApprovedDeleteAsS1()) {

            c.write(concat(RawPgClient.parse("s1", "SELECT 1"), RawPgClient.sync()));
            assertEquals(List.of("ERROR 42P05"), RawPgClient.outcomes(c.readUntilReady()), "s1 is still the DELETE");
            bindIsHeldAndDenied(c, "s1");
        }
        assertEquals(1L, tableRows());
    }

    /**
     * After an error, PostgreSQL discards the rest of an extended-protocol batch: a Close of a held statement behind
     * a failing Execute never happens, so the statement stays held. A Close that starts its batch does happen: the
     * name is then free for a statement of its own.
     */
    @Test
    void aCloseThatPostgresqlSkipsLeavesTheStatementHeld() throws Exception {
        try (RawPgClient c = agentWithApprovedDeleteAsS1()) {

            c.write(concat(RawPgClient.parse("", "SELECT 1/0"), RawPgClient.bind(""),
                    RawPgClient.frame('E', new byte[5]), RawPgClient.closeStatement("s1"), RawPgClient.sync()));
            assertEquals(List.of("ERROR 22012"), RawPgClient.outcomes(c.readUntilReady()), "the Close was skipped");
            bindIsHeldAndDenied(c, "s1");
            assertEquals(1L, tableRows());

            c.write(concat(RawPgClient.closeStatement("s1"), RawPgClient.sync()));
            c.readUntilReady();
            c.write(concat(RawPgClient.parse("s1", "SELECT count(*) FROM held_t"), RawPgClient.bind("s1"),
                    RawPgClient.executeAndSync()));
            assertEquals(List.of("SELECT 1"), RawPgClient.outcomes(c.readUntilReady()), "closed, then no longer held");
        }
        assertEquals(1L, tableRows());
    }

    /** SQL PREPARE and protocol Bind share one namespace: approving the PREPARE approves no execution of it. */
    @Test
    void aBindOfAnApprovedSqlPrepareWaitsForItsOwnApproval() throws Exception {
        try (RawPgClient c = pgguard.rawAgent()) {
            c.write(RawPgClient.query("PREPARE wipe AS DELETE FROM held_t"));
            human.approve(human.awaitHold());
            assertEquals(List.of("PREPARE"), RawPgClient.outcomes(c.readUntilReady()));

            bindIsHeldAndDenied(c, "wipe"); // the PREPARE was approved, not the DELETE

            c.write(concat(RawPgClient.bind("wipe"), RawPgClient.executeAndSync()));
            human.approve(human.awaitHold());
            assertEquals(List.of("DELETE 10"), RawPgClient.outcomes(c.readUntilReady()), "runs once approved");
        }
        assertEquals(0L, tableRows());
    }

    /** An agent over the raw protocol that prepared {@code s1} as {@code DELETE FROM held_t}, approved and run once. */
    private RawPgClient agentWithApprovedDeleteAsS1() throws Exception {
        RawPgClient c = pgguard.rawAgent();
        c.write(concat(RawPgClient.parse("s1", "DELETE FROM held_t"), RawPgClient.bind("s1"),
                RawPgClient.executeAndSync()));
        human.approve(human.awaitHold());
        assertEquals(List.of("DELETE 10"), RawPgClient.outcomes(c.readUntilReady()));
        directly("INSERT INTO held_t VALUES (1, 'again')");
        return c;
    }

    /** Binds and executes {@code statement}: it must wait for a human, who denies it. */
    private void bindIsHeldAndDenied(RawPgClient c, String statement) throws Exception {
        c.write(concat(RawPgClient.bind(statement), RawPgClient.executeAndSync()));
        human.deny(human.awaitHold(), "no second run without a new approval");
        assertEquals(List.of("ERROR 42501"), RawPgClient.outcomes(c.readUntilReady()));
    }

    private static byte[] concat(byte[]... frames) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    @Test
    void heldStatementsCostOtherSessionsNothing() throws Exception {
        directly("DROP TABLE IF EXISTS held_a, held_b, held_c, held_d, held_e",
                "CREATE TABLE held_a (x int)", "CREATE TABLE held_b (x int)", "CREATE TABLE held_c (x int)",
                "CREATE TABLE held_d (x int)", "CREATE TABLE held_e (x int)");
        ExecutorService pool = Executors.newFixedThreadPool(55);
        try {
            for (String t : new String[] {"held_a", "held_b", "held_c", "held_d", "held_e"}) {
                pool.submit(() -> {
                    try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
                        return st.execute("DROP TABLE " + t);
                    }
                });
            }
            human.awaitPending(5);
            CompletableFuture<?>[] readers = new CompletableFuture<?>[50];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = CompletableFuture.supplyAsync(() -> slowestSelectMillis(200), pool);
            }
            long slowest = 0;
            for (CompletableFuture<?> r : readers) {
                slowest = Math.max(slowest, (Long) r.get(60, TimeUnit.SECONDS));
            }
            assertEquals(5, pgguard.approvals().pending().size(), "the five holds waited throughout");
            assertTrue(slowest < 2_000, "the slowest select took " + slowest + " ms: selects must not wait on holds");
        } finally {
            pgguard.approvals().pending().forEach(h -> {
                try {
                    human.deny(h.id(), "test over");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            pool.shutdownNow();
        }
        assertEquals("5", directScalar("SELECT count(*) FROM pg_class WHERE relname IN "
                + "('held_a', 'held_b', 'held_c', 'held_d', 'held_e')"), "no held DROP ran");
    }

    @Test
    void adminApiWantsTheApproverTokenAndNeverAnAgentsPassword() throws Exception {
        assertEquals(401, new Approver(pgguard, null).get("/holds").statusCode());
        assertEquals(401, new Approver(pgguard, PgGuardExtension.AGENT_PASSWORD).get("/holds").statusCode());
        assertEquals(200, human.get("/holds").statusCode());
        assertEquals(404, human.approve("zzzzzz").statusCode());
        assertEquals(400, human.post("/holds/zzzzzz/deny", "{}").statusCode(), "a denial needs a reason");
    }

    private long slowestSelectMillis(int rounds) {
        long slowest = 0;
        try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM held_t")) {
                    rs.next();
                }
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return slowest;
    }

    private static long tableRows() throws SQLException {
        String count = directScalar("SELECT CASE WHEN to_regclass('held_t') IS NULL THEN -1 ELSE "
                + "(xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM held_t', false, true, '')))[1]::text::int END");
        return Long.parseLong(count);
    }

    /** The hold id an error message names ("... (pgguard hold k7m2qa ..."). */
    private static String holdId(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("hold ([a-z0-9]{6})").matcher(message);
        assertTrue(m.find(), message);
        return m.group(1);
    }
}
