package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldJsonTest {

    @Test
    void readsEveryFieldOfTheContractsHold() throws IOException {
        HoldView h = HoldJson.hold(HoldFixtures.HOLD);

        assertEquals("k7m2qa", h.id());
        assertEquals("pending", h.state());
        assertTrue(h.pending());
        assertEquals("claude", h.agent());
        assertEquals("app", h.database());
        assertEquals("s-12", h.session());
        assertEquals("127.0.0.1:51234", h.client());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), h.createdAt());
        assertEquals(1234, h.ageMs());
        assertEquals(Instant.parse("2026-11-25T10:01:00Z"), h.expiresAt());
        assertFalse(h.inTransaction());
        assertEquals("DROP TABLE users", h.sql());
        assertEquals(Arrays.asList("42", null, "\\x0102"), h.parameters());
        assertEquals(List.of(new HoldView.Rule("drop", "hold", "DROP TABLE users removes the table and its data")),
                h.rules());
        assertNull(h.decidedBy());
        assertNull(h.reason());
        assertEquals(HoldFixtures.blastRadius(HoldFixtures.BLAST_RADIUS), h.blastRadius());
    }

    @Test
    void readsTheContractsBlastRadius() throws IOException {
        BlastRadiusView b = HoldFixtures.blastRadius(HoldFixtures.BLAST_RADIUS);

        assertEquals("ok", b.status());
        assertEquals(12L, b.elapsedMs());
        assertEquals(List.of(new BlastRadiusView.Table("public.users", 120000L, 9437184L, 120000L)), b.tables());
        assertEquals(List.of(new BlastRadiusView.Cascade("view", "public.active_users")), b.cascade());
        assertNull(b.databaseBytes());
        assertEquals(List.of("rows are estimates from pg_class statistics"), b.notes());
        assertFalse(b.measuring());
    }

    @Test
    void keepsTheHoldsJsonOnOneLineForJsonOutput() throws IOException {
        HoldView h = HoldJson.hold(HoldFixtures.HOLD);

        assertFalse(h.json().contains("\n"), h.json());
        assertEquals(JsonTree.parse(HoldFixtures.HOLD), JsonTree.parse(h.json()));
    }

    @Test
    void readsTheListOfPendingHoldsInOrderAndSkipsFieldsItDoesNotKnow() throws IOException {
        String body = "{\"holds\": [" + HoldFixtures.hold("aaa111", "DELETE FROM logs", "null") + ", "
                + HoldFixtures.hold("bbb222", "TRUNCATE audit", "{\"status\": \"pending\"}")
                .replace("\"state\"", "\"future_field\": {\"x\": [1, 2]}, \"state\"")
                + "], \"server_version\": \"9.9\"}";

        List<HoldView> holds = HoldJson.holds(body);

        assertEquals(List.of("aaa111", "bbb222"), holds.stream().map(HoldView::id).toList());
        assertNull(holds.get(0).blastRadius());
        assertTrue(holds.get(1).blastRadius().measuring());
        assertEquals(List.of(), HoldJson.holds("{\"holds\": []}"));
    }

    @Test
    void readsEachKindOfEvent() {
        HoldEvent held = HoldFixtures.parseEvent(HoldFixtures.event("held", HoldFixtures.HOLD));
        assertEquals("held", held.kind());
        assertEquals("k7m2qa", held.hold().id());
        assertFalse(held.ends());

        HoldEvent heartbeat = HoldFixtures.parseEvent("{\"event\": \"heartbeat\"}");
        assertEquals(HoldEvent.HEARTBEAT, heartbeat.kind());
        assertNull(heartbeat.hold());

        for (String kind : List.of("approved", "denied", "timed_out", "withdrawn")) {
            HoldEvent e = HoldFixtures.parseEvent("{\"hold\": " + HoldFixtures.HOLD + ", \"event\": \"" + kind + "\"}");
            assertTrue(e.ends(), kind);
        }
        assertFalse(HoldFixtures.parseEvent(HoldFixtures.event("updated", HoldFixtures.HOLD)).ends());
        assertFalse(HoldFixtures.parseEvent("{\"event\": \"resized\", \"hold\": " + HoldFixtures.HOLD + "}").ends(),
                "an event this CLI does not know is read, and ignored by the prompt");
    }

    @Test
    void aBrokenEventOrHoldIsAnErrorThatNamesTheField() {
        assertThrows(IOException.class, () -> HoldFixtures.readEvent("{\"hold\": {}}"));
        assertThrows(IOException.class, () -> HoldFixtures.readEvent("{\"event\": \"held\"}"));
        assertThrows(IOException.class, () -> HoldFixtures.readEvent("not json"));
        assertThrows(IOException.class, () -> HoldJson.hold("{\"state\": \"pending\"}")); // no id
        IOException e = assertThrows(IOException.class, () -> HoldJson.hold("{\"id\": \"x\", \"age_ms\": \"soon\"}"));
        assertTrue(e.getMessage().contains("age_ms"), e.getMessage());
        e = assertThrows(IOException.class, () -> HoldJson.hold("{\"id\": \"x\", \"created_at\": \"yesterday\"}"));
        assertTrue(e.getMessage().contains("created_at"), e.getMessage());
    }

    @Test
    void timesMayCarryAnOffset() throws IOException {
        HoldView h = HoldJson.hold("{\"id\": \"x\", \"created_at\": \"2026-11-25T11:00:00+01:00\"}");

        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), h.createdAt());
    }

    @Test
    void readsTheMessageOfAnErrorAnswer() {
        assertEquals("already decided", ApiJson.error("{\"error\": \"already decided\"}"));
        assertNull(ApiJson.error("<html>404</html>"));
        assertNull(ApiJson.error("{\"message\": \"x\"}"));
        assertNull(ApiJson.error(""));
    }

    @Test
    void prettyPrintsForViewMoreWithoutChangingTheContent() throws IOException {
        String pretty = HoldJson.pretty(HoldJson.hold(HoldFixtures.HOLD).json());

        assertTrue(pretty.lines().count() > 10, pretty);
        assertTrue(pretty.contains("\"sql\" : \"DROP TABLE users\""), pretty);
        assertEquals(JsonTree.parse(HoldFixtures.HOLD), JsonTree.parse(pretty));
    }
}
