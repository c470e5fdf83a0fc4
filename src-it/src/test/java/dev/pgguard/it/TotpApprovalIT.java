package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.assertSqlState;
import static dev.pgguard.it.support.SqlAssertions.awaitAgent;
import static dev.pgguard.it.support.SqlAssertions.directScalar;
import static dev.pgguard.it.support.SqlAssertions.directly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.approval.totp.Totp;
import dev.pgguard.approval.totp.TotpSecret;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.it.support.Approver;
import dev.pgguard.it.support.AuditRecords;
import dev.pgguard.it.support.PgGuardExtension;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Named approvers and the TOTP second factor end to end: a real PostgreSQL, pgjdbc, a held DELETE, and approvers at
 * the admin API with tokens of their own. alice approves with the code of her phone (made here from her secret);
 * bob has no second factor. The database's state and the audit log say what was decided, and by whom.
 */
class TotpApprovalIT {

    private static final TotpSecret ALICE_SECRET = TotpSecret.generate(new SecureRandom());
    private static final String ALICE_TOKEN = "alice-it-token";
    private static final String BOB_TOKEN = "bob-it-token";

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().holdTimeouts("30s", "10s")
            .extraYaml("approvers:\n"
                    + "  - { name: alice, token_sha256: " + Approver.tokenSha256(ALICE_TOKEN)
                    + ", totp_secret: \"${ALICE_TOTP}\" }\n"
                    + "  - { name: bob, token_sha256: " + Approver.tokenSha256(BOB_TOKEN) + " }")
            .environment("ALICE_TOTP", ALICE_SECRET.base32())
            .build();

    private static final ExecutorService agents = Executors.newCachedThreadPool();

    private final Approver alice = new Approver(pgguard, ALICE_TOKEN);
    private final Approver bob = new Approver(pgguard, BOB_TOKEN);

    @AfterAll
    static void stopAgents() {
        agents.shutdownNow();
    }

    @Test
    void anApprovalNeedsTheCurrentCodeOnceAndIsRecordedUnderTheApproversName() throws Exception {
        directly("DROP TABLE IF EXISTS totp_t", "CREATE TABLE totp_t (id int)",
                "INSERT INTO totp_t SELECT g FROM generate_series(1, 10) g", "GRANT ALL ON totp_t TO PUBLIC");
        try (Connection c = pgguard.connect(); Statement st = c.createStatement()) {
            Future<Integer> delete = agents.submit(() -> st.executeUpdate("DELETE FROM totp_t"));
            String id = alice.awaitHold();
            String approve = "/holds/" + id + "/approve";

            HttpResponse<String> none = alice.post(approve, "{}");
            assertEquals(401, none.statusCode(), none.body());
            assertTrue(none.body().contains("approver 'alice' decides with a TOTP code"), none.body());

            HttpResponse<String> stale = alice.post(approve, "{}", Totp.code(ALICE_SECRET,
                    Instant.now().minusSeconds(70)));
            assertEquals(403, stale.statusCode(), "a code from 2+ steps ago: " + stale.body());

            HttpResponse<String> stranger = new Approver(pgguard, "nobody-has-this").post(approve, "{}");
            assertEquals(401, stranger.statusCode(), stranger.body());
            HttpResponse<String> shared = new Approver(pgguard).post(approve, "{}");
            assertEquals(401, shared.statusCode(), "named approvers replace the shared token: " + shared.body());
            assertFalse(delete.isDone(), "still held");
            assertEquals("10", directScalar("SELECT count(*) FROM totp_t"));

            String code = Totp.code(ALICE_SECRET, Instant.now());
            HttpResponse<String> approved = alice.post(approve, "{\"approver\": \"mallory\"}", code);
            assertEquals(200, approved.statusCode(), approved.body());
            assertEquals(10, delete.get(10, TimeUnit.SECONDS));
            assertEquals("0", directScalar("SELECT count(*) FROM totp_t"));
            assertEquals("alice", AuditRecords.await(pgguard.auditDirectory(), "hold.approved", "hold", id)
                    .get("approver"), "the credential's name, not the body's");

            directly("INSERT INTO totp_t VALUES (1)");
            Future<Integer> again = agents.submit(() -> st.executeUpdate("DELETE FROM totp_t"));
            String second = alice.awaitHold();
            HttpResponse<String> replayed = alice.post("/holds/" + second + "/approve", "{}", code);
            assertEquals(403, replayed.statusCode(), "the same code a second time: " + replayed.body());
            assertTrue(alice.get("/holds/" + second).body().contains("\"state\":\"pending\""));
            assertEquals(200, bob.post("/holds/" + second + "/deny", "{\"reason\": \"once is enough\", "
                    + "\"approver\": \"alice\"}").statusCode(), "bob has no second factor");
            assertTrue(assertSqlState("42501", () -> awaitAgent(again)).getMessage().contains("once is enough"));
            assertEquals("1", directScalar("SELECT count(*) FROM totp_t"));
            assertEquals("bob", AuditRecords.await(pgguard.auditDirectory(), "hold.denied", "hold", second)
                    .get("approver"));
        }
    }

    @Test
    void aReloadPutsTheApproversInForceAndRemovingTheLastBringsBackTheSharedToken() throws Exception {
        PgGuardExtension plain = PgGuardExtension.builder().build().start();
        try {
            Approver shared = new Approver(plain);
            Approver carol = new Approver(plain, "carol-it-token");
            assertEquals(200, shared.get("/holds").statusCode());
            assertEquals(401, carol.get("/holds").statusCode());

            String named = plain.yaml() + "approvers:\n  - { name: carol, token_sha256: "
                    + Approver.tokenSha256("carol-it-token") + " }\n";
            plain.server().reload(ConfigLoader.parse(named, "it", plain.environment()));
            assertEquals(200, carol.get("/holds").statusCode());
            assertEquals(401, shared.get("/holds").statusCode(), "named approvers replace the shared token");

            plain.server().reload(ConfigLoader.parse(plain.yaml(), "it", plain.environment()));
            assertEquals(401, carol.get("/holds").statusCode());
            assertEquals(200, shared.get("/holds").statusCode());
        } finally {
            plain.close();
        }
    }
}
