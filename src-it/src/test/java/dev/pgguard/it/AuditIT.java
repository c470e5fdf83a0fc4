package dev.pgguard.it;

import static dev.pgguard.it.support.AuditRecords.only;
import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.awaitAgent;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.audit.AuditVerifier;
import dev.pgguard.audit.VerifyResult;
import dev.pgguard.it.process.ExternalTool;
import dev.pgguard.it.process.PgGuardProcess;
import dev.pgguard.it.process.RawPgClient;
import dev.pgguard.it.support.Approver;
import dev.pgguard.it.support.AuditRecords;
import dev.pgguard.it.support.PgGuardExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The audit log as written by a running pgguard: one session through pgjdbc with an allowed statement, a policy
 * refusal, an approved and a denied hold; then pgguard stops and the log is read back. Every decision is there
 * with its fields and outcome, and the hash chain verifies.
 */
class AuditIT {

    @Test
    void everyDecisionAndItsOutcomeIsRecordedAndTheChainVerifies() throws Exception {
        PgGuardExtension pgguard = PgGuardExtension.builder().holdTimeouts("3s", "3s")
                .classifierSection("classifier: { rules: { truncate: deny } }").build().start();
        Path dir = pgguard.auditDirectory();
        Approver human = new Approver(pgguard);
        ExecutorService agent = Executors.newSingleThreadExecutor();
        directly("DROP TABLE IF EXISTS audited", "CREATE TABLE audited (id int, secret text)",
                "INSERT INTO audited VALUES (1, 'a'), (2, 'b'), (3, 'c')", "GRANT ALL ON audited TO PUBLIC");
        String approved;
        String denied;
        try (Connection c = pgguard.connect("preferQueryMode=extended"); Statement st = c.createStatement()) {
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM audited WHERE id > ?")) {
                select.setInt(1, 1);
                select.executeQuery().close();
            }
            assertSqlState("42501", () -> st.execute("TRUNCATE audited"));
            Future<Integer> delete = agent.submit(() -> st.executeUpdate("DELETE FROM audited"));
            approved = human.awaitHold();
            human.approve(approved);
            assertEquals(3, delete.get(20, TimeUnit.SECONDS));
            Future<Boolean> drop = agent.submit(() -> st.execute("DROP TABLE audited"));
            denied = human.awaitHold();
            human.deny(denied, "keep it");
            assertSqlState("42501", () -> awaitAgent(drop));
            assertSqlState("57014", () -> st.executeUpdate("UPDATE audited SET secret = 'x'")); // nobody decides
            Future<Boolean> cancelled = agent.submit(() -> st.execute("DELETE FROM audited WHERE true"));
            human.awaitHold();
            st.cancel();
            assertSqlState("57014", () -> awaitAgent(cancelled));
        } finally {
            agent.shutdownNow();
            pgguard.close();
        }

        List<Map<String, String>> records = AuditRecords.read(dir);
        Map<String, String> allowed = only(records, "statement.allowed", "sql", "SELECT count(*) FROM audited WHERE id > $1");
        assertEquals("extended", allowed.get("protocol"));
        assertEquals(PgGuardExtension.AGENT, allowed.get("agent"));
        assertEquals(16, allowed.get("fingerprint").length(), "a fingerprint stable across literal values");
        assertEquals("SELECT 1", allowed.get("tag"), "an allowed statement is recorded once, with its outcome");
        assertEquals("1", allowed.get("rows"));
        assertNotNull(allowed.get("duration_us"));

        Map<String, String> refused = only(records, "statement.refused", "sql", "TRUNCATE audited");
        assertTrue(refused.get("rules").contains("truncate"), refused.toString());

        Map<String, String> held = only(records, "statement.held", "hold", approved);
        assertEquals("DELETE FROM audited", held.get("sql"));
        Map<String, String> approval = only(records, "hold.approved", "hold", approved);
        assertEquals("it (shared token)", approval.get("approver"), "no named approvers: the body's name, so marked");
        assertNotNull(approval.get("wait_us"));
        assertTrue(Long.parseLong(approval.get("seq")) < Long.parseLong(
                only(records, "statement.outcome", "query", held.get("query")).get("seq")),
                "the approval is on record before the statement's outcome");
        assertEquals("DELETE 3", only(records, "statement.outcome", "query", held.get("query")).get("tag"));

        Map<String, String> denial = only(records, "hold.denied", "hold", denied);
        assertEquals("keep it", denial.get("reason"));
        Map<String, String> timedOut = only(records, "statement.held", "sql", "UPDATE audited SET secret = 'x'");
        assertNotNull(only(records, "hold.timed_out", "hold", timedOut.get("hold")).get("wait_us"));
        Map<String, String> withdrawn = only(records, "statement.held", "sql", "DELETE FROM audited WHERE true");
        assertEquals("cancelled by the client", only(records, "hold.cancelled", "hold", withdrawn.get("hold")).get("reason"));
        assertEquals(1, records.stream().filter(r -> "session.opened".equals(r.get("event"))).count());
        String client = only(records, "session.opened", "agent", held.get("agent")).get("client");
        assertTrue(client.matches("127\\.0\\.0\\.1:\\d+"), "ip:port, as the schema says: " + client);
        assertEquals(client, allowed.get("client"));
        assertEquals(1, records.stream().filter(r -> "session.authenticated".equals(r.get("event"))).count());
        assertEquals(1, records.stream().filter(r -> "session.closed".equals(r.get("event"))).count());
        assertEquals("audit.closed", records.get(records.size() - 1).get("event"));

        VerifyResult verified = AuditVerifier.verifyDirectory(dir);
        assertTrue(verified.ok(), verified.report());
        assertEquals(records.size(), verified.records());

        if (PgGuardProcess.jar().isPresent()) {
            // the same through the command line a person uses, then with one field edited
            ExternalTool.Result ok = pgguardCli("audit", "verify", "--dir", dir.toString());
            assertEquals(0, ok.exitCode(), ok::describe);
            ExternalTool.Result shown = pgguardCli("audit", "show", approved, "--dir", dir.toString());
            assertTrue(shown.exitCode() == 0 && shown.stdout().contains("hold.approved")
                    && shown.stdout().contains("DELETE FROM audited"), shown::describe);
            Path live = dir.resolve("audit.jsonl");
            Files.writeString(live, Files.readString(live).replace("\"reason\":\"keep it\"", "\"reason\":\"fine\""));
            ExternalTool.Result broken = pgguardCli("audit", "verify", "--dir", dir.toString());
            assertEquals(1, broken.exitCode(), broken::describe);
        }
    }

    /**
     * A prepared statement is decided once, at its Parse, but every execution is on record: pgjdbc prepares it
     * on the server at once (prepareThreshold=1) and then sends only Bind, Execute, Sync. Five executions, five
     * {@code statement.allowed} records with their own outcome: the first is the Parse's (its Bind came with it,
     * not recorded twice), the others the Binds', naming statement and portal.
     */
    @Test
    void everyExecutionOfAPreparedStatementIsOnRecord() throws Exception {
        PgGuardExtension pgguard = PgGuardExtension.builder().build().start();
        Path dir = pgguard.auditDirectory();
        directly("DROP TABLE IF EXISTS executed", "CREATE TABLE executed (id int, n int)",
                "INSERT INTO executed SELECT g, 0 FROM generate_series(1, 5) g", "GRANT ALL ON executed TO PUBLIC");
        String sql = "UPDATE executed SET n = n + 1 WHERE id = $1";
        try (Connection c = pgguard.connect("prepareThreshold=1");
             PreparedStatement update = c.prepareStatement(sql.replace("$1", "?"))) {
            for (int id = 1; id <= 5; id++) {
                update.setInt(1, id);
                assertEquals(1, update.executeUpdate());
            }
            update.setInt(1, 99);
            assertEquals(0, update.executeUpdate());
        } finally {
            pgguard.close();
        }
        List<Map<String, String>> records = AuditRecords.read(dir);
        List<Map<String, String>> executions = records.stream()
                .filter(r -> "statement.allowed".equals(r.get("event")) && sql.equals(r.get("sql"))).toList();
        assertEquals(List.of("UPDATE 1", "UPDATE 1", "UPDATE 1", "UPDATE 1", "UPDATE 1", "UPDATE 0"),
                executions.stream().map(r -> r.get("tag")).toList(), executions::toString);
        String name = executions.get(0).get("statement_name");
        assertTrue(name != null && !name.isEmpty(), "pgjdbc prepared a named statement: " + executions.get(0));
        for (Map<String, String> later : executions.subList(1, executions.size())) {
            assertEquals(name, later.get("statement_name"), later::toString);
            assertNotNull(later.get("portal_name"), later::toString);
            assertEquals(executions.get(0).get("fingerprint"), later.get("fingerprint"));
            assertNotNull(later.get("duration_us"));
        }
        assertEquals(0, records.stream().filter(r -> "statement.outcome".equals(r.get("event"))).count(),
                "no outcome without a decision recorded apart: " + records);
        VerifyResult verified = AuditVerifier.verifyDirectory(dir);
        assertTrue(verified.ok(), verified.report());
    }

    /** SQL and the protocol share one namespace: a Bind of a name that SQL PREPARE defined is on record too. */
    @Test
    void everyBindOfAnSqlPreparedStatementIsOnRecord() throws Exception {
        PgGuardExtension pgguard = PgGuardExtension.builder().build().start();
        Path dir = pgguard.auditDirectory();
        String prepare = "PREPARE two AS SELECT 2";
        try (RawPgClient c = pgguard.rawAgent()) {
            assertEquals(List.of("PREPARE"), c.request(RawPgClient.query(prepare)));
            for (int i = 0; i < 2; i++) {
                assertEquals(List.of("SELECT 1"), c.request(RawPgClient.bind("two"), RawPgClient.executeAndSync()));
            }
        } finally {
            pgguard.close();
        }
        List<Map<String, String>> records = AuditRecords.read(dir).stream()
                .filter(r -> "statement.allowed".equals(r.get("event")) && prepare.equals(r.get("sql"))).toList();
        assertEquals(List.of("PREPARE", "SELECT 1", "SELECT 1"), records.stream().map(r -> r.get("tag")).toList(),
                records::toString);
        assertEquals("simple", records.get(0).get("protocol"));
        for (Map<String, String> bind : records.subList(1, 3)) {
            assertEquals("extended", bind.get("protocol"), bind::toString);
            assertEquals("two", bind.get("statement_name"), bind::toString);
        }
        assertTrue(AuditVerifier.verifyDirectory(dir).ok());
    }

    /** PostgreSQL refuses to redefine a named statement (42P05): its later executions are recorded as what they run. */
    @Test
    void aRefusedRedefinitionLeavesTheRecordsOfTheOriginal() throws Exception {
        PgGuardExtension pgguard = PgGuardExtension.builder().build().start();
        Path dir = pgguard.auditDirectory();
        try (RawPgClient c = pgguard.rawAgent()) {
            assertEquals(List.of(), c.request(RawPgClient.parse("s1", "SELECT 1 AS first"), RawPgClient.sync()));
            assertEquals(List.of("ERROR 42P05"),
                    c.request(RawPgClient.parse("s1", "SELECT 2 AS second"), RawPgClient.sync()));
            assertEquals(List.of("SELECT 1"), c.request(RawPgClient.bind("s1"), RawPgClient.executeAndSync()));
        } finally {
            pgguard.close();
        }
        List<Map<String, String>> executions = AuditRecords.read(dir).stream()
                .filter(r -> "statement.allowed".equals(r.get("event")) && "s1".equals(r.get("statement_name"))
                        && r.get("portal_name") != null).toList();
        assertEquals(1, executions.size(), executions::toString);
        assertEquals("SELECT 1 AS first", executions.get(0).get("sql"));
    }

    private static ExternalTool.Result pgguardCli(String... args) throws Exception {
        return ExternalTool.run(PgGuardProcess.cliCommand(args), Map.of("NO_COLOR", "1"), null,
                java.time.Duration.ofSeconds(60));
    }
}
