package dev.pgguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records: what the builder admits, and every value type written to a real file and read back unchanged. */
class AuditRecordTest {

    @TempDir
    Path dir;

    @Test
    void everyFieldTypeRoundTripsThroughTheFile() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("name", "users");
        nested.put("rows", 42);
        nested.put("exact", false);
        nested.put("inner", Map.of("k", "v"));
        nested.put("none", null);
        String tricky = "quote \" backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007 del \u007f"
                + " é ü € 中文 emoji \uD83D\uDE00 U+2028 \u2028 end";
        AuditRecord record = AuditRecord.builder(AuditEvent.STATEMENT_HELD)
                .put(AuditFields.SQL, tricky)
                .put("empty", "")
                .put("big", Long.MAX_VALUE)
                .put("small", Long.MIN_VALUE)
                .put("negative", -17L)
                .put("zero", 0L)
                .put("yes", true)
                .put("no", false)
                .putNull("nothing")
                .put(AuditFields.PARAMS, Arrays.asList("1", null, "\\x00ff", ""))
                .put("empty_list", List.of())
                .put("blast", nested)
                .build();
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        TestLogs.await(w.append(record));
        w.close();

        AuditLine line = TestLogs.parsed(dir.resolve("audit.jsonl")).get(1);
        assertEquals("statement.held", line.event());
        assertEquals(tricky, line.get(AuditFields.SQL));
        assertEquals("", line.get("empty"));
        assertEquals(Long.MAX_VALUE, line.get("big"));
        assertEquals(Long.MIN_VALUE, line.get("small"));
        assertEquals(-17L, line.get("negative"));
        assertEquals(0L, line.get("zero"));
        assertEquals(true, line.get("yes"));
        assertEquals(false, line.get("no"));
        assertTrue(line.fields().containsKey("nothing"));
        assertNull(line.get("nothing"));
        assertEquals(Arrays.asList("1", null, "\\x00ff", ""), line.get(AuditFields.PARAMS));
        assertEquals(List.of(), line.get("empty_list"));
        Map<String, Object> expected = new LinkedHashMap<>(nested);
        expected.put("rows", 42L);
        assertEquals(expected, line.get("blast"));
        assertEquals(List.of("v", "seq", "time", "event", "sql", "empty", "big", "small", "negative", "zero", "yes",
                "no", "nothing", "params", "empty_list", "blast", "prev", "hash"), List.copyOf(line.fields().keySet()),
                "the writer's fields around the caller's, in order, hash last");
    }

    @Test
    void aLoneSurrogateIsEscapedNotFatal() throws Exception {
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        AuditRecord lone = AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED).put("sql", "a\uD800b\uDC00").build();
        TestLogs.await(w.append(lone));
        w.close();
        String raw = TestLogs.lines(dir.resolve("audit.jsonl")).get(1);
        assertTrue(raw.contains("a\\ud800b\\udc00"), raw);
        assertEquals("a\uD800b\uDC00", AuditLine.parse(raw).get("sql"));
    }

    /**
     * The encoder copies a string's plain-ASCII prefix in one go and goes char by char from the first character
     * that is not: strings that switch between the two anywhere, including chars whose low byte is a printable
     * ASCII one (U+0141, U+4E41), must come back exactly, and the line must be what a JSON reader accepts.
     */
    @Test
    void stringsMixingPlainAndOtherCharactersAnywhereRoundTrip() throws Exception {
        String[] pieces = {"a", "SELECT 1", " ", "\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "\u00ff",
            "\u0100", "\u0141", "\u4e41", "\u2028", "\uD83D\uDE00", "\uD800", "\uDC00", "/", "'"};
        java.util.Random random = new java.util.Random(20261125);
        List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            strings.add(sb.toString());
        }
        AuditWriter w = AuditWriter.open(TestLogs.settings(dir), Clock.systemUTC());
        for (String s : strings) {
            assertNull(w.offer(AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED).put(AuditFields.SQL, s).build()));
        }
        w.close();
        List<AuditLine> lines = TestLogs.parsed(dir.resolve("audit.jsonl"));
        for (int i = 0; i < strings.size(); i++) {
            assertEquals(strings.get(i), lines.get(i + 1).get(AuditFields.SQL), "string " + i);
        }
        assertTrue(AuditVerifier.verify(List.of(dir.resolve("audit.jsonl"))).ok());
    }

    @Test
    void theBuilderRefusesWhatTheSchemaDoesNotAllow() {
        AuditRecord.Builder b = AuditRecord.builder(AuditEvent.SESSION_OPENED).put("agent", "a");
        assertThrows(IllegalArgumentException.class, () -> b.put("agent", "b"), "a name twice");
        for (String reserved : List.of("v", "seq", "time", "event", "prev", "hash")) {
            assertThrows(IllegalArgumentException.class, () -> b.put(reserved, "x"), reserved);
        }
        assertThrows(IllegalArgumentException.class, () -> b.put("Agent", "x"), "uppercase");
        assertThrows(IllegalArgumentException.class, () -> b.put("a-b", "x"), "dash");
        assertThrows(IllegalArgumentException.class, () -> b.put("m", Map.of("k", 1.5)), "a double");
        assertThrows(IllegalArgumentException.class, () -> b.put("m", Map.of("Bad Key", "x")), "a nested key");
        IllegalArgumentException writerOnly = assertThrows(IllegalArgumentException.class,
                () -> AuditRecord.builder(AuditEvent.AUDIT_RECOVERED));
        assertTrue(writerOnly.getMessage().contains("audit writer"), writerOnly.getMessage());
    }

    /**
     * The builder knows AuditFields' own names by identity and skips a scan when a name's hash bit is new: a
     * copy of a name is still checked as that name, and names sharing a bit are still told apart.
     */
    @Test
    void theShortcutsOfTheChecksChangeNoAnswer() throws Exception {
        List<String> names = new ArrayList<>();
        for (java.lang.reflect.Field f : AuditFields.class.getFields()) {
            if (f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        assertTrue(names.size() > 40, "more names than hash bits: " + names.size());
        AuditRecord.Builder all = AuditRecord.builder(AuditEvent.SESSION_OPENED);
        for (String name : names) {
            if (AuditFields.RESERVED.contains(name)) {
                assertThrows(IllegalArgumentException.class, () -> all.put(new String(name), "x"), name);
            } else {
                all.put(name, "x");
            }
        }
        for (String name : names) {
            assertThrows(IllegalArgumentException.class, () -> all.put(new String(name), "y"), "copy of " + name);
        }
        AuditRecord built = all.build();
        assertEquals(names.size() - AuditFields.RESERVED.size(), built.fields().size());
    }

    @Test
    void durabilityDefaultsFromTheEventAndCanBeOverridden() {
        assertEquals(Durability.DURABLE, AuditRecord.builder(AuditEvent.HOLD_APPROVED).build().durability());
        assertEquals(Durability.DURABLE, AuditRecord.builder(AuditEvent.STATEMENT_HELD).build().durability());
        assertEquals(Durability.BATCHED, AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED).build().durability());
        assertEquals(Durability.DURABLE, AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED)
                .durability(Durability.DURABLE).build().durability());
    }

    @Test
    void recordsAreImmutable() {
        List<String> kinds = new java.util.ArrayList<>(List.of("DELETE"));
        AuditRecord r = AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED).put("kinds", kinds).build();
        kinds.add("DROP");
        assertEquals(List.of("DELETE"), r.fields().get("kinds"));
        assertThrows(UnsupportedOperationException.class, () -> r.fields().put("x", "y"));
    }

    @Test
    void everyEventIdIsKnownByIdOnce() {
        for (AuditEvent e : AuditEvent.values()) {
            assertEquals(e, AuditEvent.byId(e.id()).orElseThrow());
            assertTrue(e.id().matches("[a-z]+\\.[a-z_]+"), e.id());
        }
    }
}
