package dev.pgguard.proxy.admin;

import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldState;
import dev.pgguard.proxy.access.Grant;
import dev.pgguard.proxy.testing.AdminApiFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static dev.pgguard.proxy.testing.AdminApiFixture.ALICE_TOKEN;
import static dev.pgguard.proxy.testing.AdminApiFixture.BOB_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The approvers' endpoints over real HTTP: who may call them, the TOTP code of decisions, and grants. */
class AdminApiTest {

    private AdminApiFixture api;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aDecisionIsRecordedUnderTheAuthenticatedNameNeverTheBodys() throws Exception {
        api = AdminApiFixture.named();
        Hold hold = api.hold("DROP TABLE users");

        HttpResponse<String> r = api.post("/holds/" + hold.id() + "/deny", BOB_TOKEN,
                "{\"reason\": \"no\", \"approver\": \"alice\"}", null);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("bob", hold.decidedBy());
        assertTrue(r.body().contains("\"decided_by\":\"bob\""), r.body());
    }

    @Test
    void withTheSharedTokenTheRecordSaysItWasNotANamedCredential() throws Exception {
        api = AdminApiFixture.shared();
        Hold hold = api.hold("DROP TABLE users");

        assertEquals(200, api.post("/holds/" + hold.id() + "/approve", AdminApiFixture.SHARED_TOKEN,
                "{\"approver\": \"carol@laptop\"}", null).statusCode());

        assertEquals("carol@laptop (shared token)", hold.decidedBy());
    }

    @Test
    void anUnknownTokenAndNoTokenAreUnauthorised() throws Exception {
        api = AdminApiFixture.named();
        for (String token : new String[] {null, "guess", AdminApiFixture.SHARED_TOKEN}) {
            HttpResponse<String> r = api.get("/holds", token);
            assertEquals(401, r.statusCode(), r.body());
            assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, api.get("/grants", token).statusCode());
        }
    }

    @Test
    void readingNeedsTheTokenOnlyAndEveryDecisionTheCode() throws Exception {
        api = AdminApiFixture.named();
        Hold hold = api.hold("DELETE FROM orders");
        assertEquals(200, api.get("/holds", ALICE_TOKEN).statusCode());
        assertEquals(200, api.get("/holds/" + hold.id(), ALICE_TOKEN).statusCode());
        assertEquals(200, api.get("/grants", ALICE_TOKEN).statusCode());

        HttpResponse<String> none = api.post("/holds/" + hold.id() + "/approve", ALICE_TOKEN, "{}", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("required", none.headers().firstValue("X-PgGuard-TOTP").orElse(""));
        HttpResponse<String> wrong = api.post("/holds/" + hold.id() + "/approve", ALICE_TOKEN, "{}",
                api.aliceCode(Instant.now().minusSeconds(120)));
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals("refused", wrong.headers().firstValue("X-PgGuard-TOTP").orElse(""));
        assertEquals(HoldState.PENDING, hold.state(), "nothing was decided without a good code");

        String code = api.aliceCode(Instant.now());
        assertEquals(200, api.post("/holds/" + hold.id() + "/approve", ALICE_TOKEN, "{}", code).statusCode());
        assertEquals("alice", hold.decidedBy());

        HttpResponse<String> grant = api.post("/grants", ALICE_TOKEN,
                "{\"agent\": \"ci\", \"for\": \"10m\"}", code);
        assertEquals(403, grant.statusCode(), "a code decides once: " + grant.body());
        assertTrue(api.grants.live().isEmpty());
    }

    @Test
    void aGrantIsGivenListedAndRevokedByTheAuthenticatedApprover() throws Exception {
        api = AdminApiFixture.named();

        HttpResponse<String> created = api.post("/grants", BOB_TOKEN, "{\"agent\": \"ci\", \"for\": \"30m\", "
                + "\"tables\": [\"public.orders\", \"public.order_*\"], \"reason\": \"backfill\", \"approver\": \"x\"}",
                null);

        assertEquals(201, created.statusCode(), created.body());
        Grant grant = api.grants.live().get(0);
        assertEquals("ci", grant.agent());
        assertEquals(List.of("public.orders", "public.order_*"), grant.tables());
        assertEquals("bob", grant.approver());
        assertEquals("backfill", grant.reason());
        assertTrue(created.body().startsWith("{\"id\":\"" + grant.id() + "\",\"agent\":\"ci\",\"tables\":"
                + "[\"public.orders\",\"public.order_*\"],\"granted_at\":"), created.body());
        assertTrue(api.get("/grants", BOB_TOKEN).body().contains("\"id\":\"" + grant.id() + "\""));

        HttpResponse<String> revoked = api.post("/grants/" + grant.id() + "/revoke", BOB_TOKEN, "", null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(api.grants.live().isEmpty());
        HttpResponse<String> again = api.post("/grants/" + grant.id() + "/revoke", BOB_TOKEN, "", null);
        assertEquals(404, again.statusCode());
        assertTrue(again.body().contains("no live grant " + grant.id()), again.body());
    }

    @Test
    void aGrantThatCannotBeIsABadRequestThatSaysWhy() throws Exception {
        api = AdminApiFixture.named();
        String[][] cases = {
                {"{\"agent\": \"nobody\", \"for\": \"30m\"}", "there is no agent 'nobody'"},
                {"{\"agent\": \"migrator\", \"for\": \"30m\"}", "agent 'migrator' is read-write already"},
                {"{\"agent\": \"ci\", \"for\": \"30\"}", "\"for\" must be a whole number with a unit"},
                {"{\"agent\": \"ci\", \"for\": \"25h\"}", "\"for\" must be at most 24h"},
                {"{\"agent\": \"ci\"}", "a grant needs \"for\""},
                {"{\"agent\": \"ci\", \"for\": \"1h\", \"table\": [\"public.t\"]}", "unknown key \"table\""},
                {"{\"agent\": \"ci\", \"for\": \"1h\", \"tables\": \"public.t\"}", "\"tables\" must be an array"},
                {"{\"agent\": \"ci\", \"for\": \"1h\", \"tables\": [\"\"]}", "\"tables\": "},
                {"[]", "the body must be a JSON object"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = api.post("/grants", BOB_TOKEN, c[0], null);
            assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
            assertTrue(r.body().contains(c[1].replace("\"", "\\\"")), c[0] + " -> " + r.body());
        }
        assertTrue(api.grants.live().isEmpty());
    }
}
