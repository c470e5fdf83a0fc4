package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.Approver;
import dev.pgguard.it.support.AuditRecords;
import dev.pgguard.it.support.PgGuardExtension;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A time-boxed write grant end to end: a read-only agent, an approver who grants it INSERT on one table for two
 * seconds through the admin API, and what the agent's sessions can do before, during and after; the audit log
 * records the grant's start and its expiry.
 */
class GrantIT {

    private static final String BOB_TOKEN = "bob-grant-token";
    private static final Pattern GRANT_ID = Pattern.compile("\"id\":\"(g[0-9a-f]+)\"");

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().agentMode("read-only")
            .extraYaml("approvers:\n  - { name: bob, token_sha256: " + Approver.tokenSha256(BOB_TOKEN) + " }")
            .build();

    private final Approver bob = new Approver(pgguard, BOB_TOKEN);

    @Test
    void aGrantLetsTheAgentWriteItsTablesForItsTimeOnlyAndRestartsItsSessions() throws Exception {
        directly("DROP TABLE IF EXISTS granted_t", "DROP TABLE IF EXISTS other_t", "CREATE TABLE granted_t (id int)",
                "CREATE TABLE other_t (id int)", "GRANT ALL ON granted_t, other_t TO PUBLIC");
        try (Connection before = pgguard.connect()) {
            assertSqlState("42501", () -> insert(before, "granted_t", 1));

            HttpResponse<String> created = bob.post("/grants", "{\"agent\": \"" + PgGuardExtension.AGENT + "\", "
                    + "\"for\": \"2s\", \"tables\": [\"public.granted_t\"], \"reason\": \"backfill\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().contains("\"approver\":\"bob\""), created.body());
            Matcher id = GRANT_ID.matcher(created.body());
            assertTrue(id.find(), created.body());

            assertEquals("57P01", awaitEnded(before).getSQLState(), "the open session restarts on the new terms");
            try (Connection during = pgguard.connect()) {
                insert(during, "granted_t", 2);
                assertSqlState("42501", () -> insert(during, "other_t", 2));
            }
            assertEquals("1", directScalar("SELECT count(*) FROM granted_t"));

            Map<String, String> started = AuditRecords.await(pgguard.auditDirectory(), "grant.started", "grant",
                    id.group(1));
            assertEquals("bob", started.get("approver"));
            assertEquals("public.granted_t", started.get("tables"));
            Map<String, String> ended = AuditRecords.await(pgguard.auditDirectory(), "grant.ended", "grant",
                    id.group(1));
            assertEquals("expired", ended.get("ended"));
            assertTrue(pgguard.server().grants().live().isEmpty());
        }
        try (Connection after = pgguard.connect()) {
            assertSqlState("42501", () -> insert(after, "granted_t", 3));
        }
        assertEquals("1", directScalar("SELECT count(*) FROM granted_t"));
        assertEquals("0", directScalar("SELECT count(*) FROM other_t"));
    }

    private static int insert(Connection c, String table, int id) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate("INSERT INTO " + table + " VALUES (" + id + ")");
        }
    }

    /** The error the session ended with: pgguard ends it on its own event loop, a moment after the grant. */
    private static SQLException awaitEnded(Connection c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                scalar(c, "SELECT 1");
            } catch (SQLException e) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the session was not ended within 5 s");
    }
}
