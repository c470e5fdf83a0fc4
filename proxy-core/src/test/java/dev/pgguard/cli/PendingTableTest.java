package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingTableTest {

    private static final Ansi PLAIN = Ansi.of(false, (String) null);

    @Test
    void oneAlignedRowPerHoldUnderAHeader() {
        List<HoldView> holds = List.of(HoldFixtures.parse(HoldFixtures.HOLD),
                HoldFixtures.parse(HoldFixtures.hold("b2", "TRUNCATE audit", "{\"status\": \"pending\"}")));

        List<String> lines = new PendingTable(PLAIN).render(holds).lines().toList();

        assertEquals(List.of(
                "ID      AGE  AGENT   DATABASE  RULES  STATEMENT         BLAST RADIUS",
                "k7m2qa  1s   claude  app       drop   DROP TABLE users  users: ~120k rows, 9 MB; cascades 1",
                "b2      2s   claude  app       drop   TRUNCATE audit    measuring..."), lines);
    }

    @Test
    void saysSoWhenNothingIsWaiting() {
        assertEquals("no statements are waiting for approval\n", new PendingTable(PLAIN).render(List.of()));
    }

    @Test
    void theStatementIsOneLineCutToSixtyCharacters() {
        String sql = "DELETE FROM orders\n  WHERE created_at < now() - interval '1 year'\n\tAND status = 'cancelled' AND x = 1";
        HoldView h = HoldFixtures.parse(HoldFixtures.hold("c3", sql, "null"));

        String row = new PendingTable(PLAIN).render(List.of(h)).lines().toList().get(1);

        String preview = "DELETE FROM orders WHERE created_at < now() - interval '1...";
        assertEquals(60, preview.length());
        assertTrue(row.contains("drop   " + preview + "  -"), row);
    }

    @Test
    void controlCharactersFromTheAgentAreEscapedNotEmitted() {
        HoldView h = HoldFixtures.parse(HoldFixtures.hold("d4", "DROP TABLE \u001b[2Jx", "null")
                .replace("\"claude\"", "\"evil\\u001b]0;pwned\\u0007\""));

        String table = new PendingTable(PLAIN).render(List.of(h));

        assertFalse(table.contains("\u001b"), table);
        assertFalse(table.contains("\u0007"), table);
        assertTrue(table.contains("DROP TABLE \\u001b[2Jx"), table);
        assertTrue(table.contains("evil\\u001b]0;pwned\\u0007"), table);
    }

    @Test
    void onlyTheHeaderIsBoldAndOnlyWithColour() {
        HoldView h = HoldFixtures.parse(HoldFixtures.HOLD);

        List<String> lines = new PendingTable(Ansi.of(true, (String) null)).render(List.of(h)).lines().toList();

        assertTrue(lines.get(0).startsWith("\u001b[1mID"), lines.get(0));
        assertFalse(lines.get(1).contains("\u001b"), lines.get(1));
    }

    @Test
    void cutsWithoutSplittingACharacterOutsideTheBasicPlane() {
        assertEquals("ab...", Text.cut("ab\uD83D\uDE00\uD83D\uDE00cd", 5));
        assertEquals("a\uD83D\uDE00...", Text.cut("a\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00cd", 5));
        assertEquals("short", Text.cut("short", 5));
    }
}
