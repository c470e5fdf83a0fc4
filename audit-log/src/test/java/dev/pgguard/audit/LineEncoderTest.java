package dev.pgguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The line format and the hash definition of README.md, recomputed independently. */
class LineEncoderTest {

    private static String sha256Hex(String s) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static String render(LineEncoder e, AuditRecord r, Instant t) {
        int start = e.length();
        int len = e.encode(r, t);
        return new String(e.buffer(), start, len, StandardCharsets.UTF_8);
    }

    @Test
    void theHashIsSha256OfTheLineUpToTheHashFieldAndChains() throws Exception {
        LineEncoder e = new LineEncoder(0, Sha256.GENESIS);
        Instant t = Instant.parse("2026-11-25T10:00:00.123456789Z");
        String first = render(e, AuditRecord.builder(AuditEvent.SESSION_OPENED).put("agent", "a").build(), t);
        String body = "{\"v\":1,\"seq\":1,\"time\":\"2026-11-25T10:00:00.123456Z\",\"event\":\"session.opened\","
                + "\"agent\":\"a\",\"prev\":\"" + Sha256.GENESIS + "\"";
        String hash = sha256Hex(body);
        assertEquals(body + ",\"hash\":\"" + hash + "\"}\n", first);
        assertEquals(hash, e.hash());
        assertEquals(1, e.seq());

        String second = render(e, AuditRecord.builder(AuditEvent.SESSION_CLOSED).build(), t);
        assertTrue(second.startsWith("{\"v\":1,\"seq\":2,"), second);
        assertTrue(second.contains(",\"prev\":\"" + hash + "\",\"hash\":\""), second);
        String line = second.substring(0, second.length() - 1);
        assertEquals(sha256Hex(line.substring(0, line.length() - LineEncoder.SUFFIX_LENGTH)), e.hash());
    }

    @Test
    void undoTakesBackExactlyTheLastLine() {
        LineEncoder e = new LineEncoder(5, Sha256.GENESIS);
        Instant t = Instant.EPOCH;
        render(e, AuditRecord.builder(AuditEvent.SESSION_OPENED).build(), t);
        String hash = e.hash();
        int len = e.length();
        render(e, AuditRecord.builder(AuditEvent.SESSION_CLOSED).build(), t);
        e.undoLast();
        assertEquals(6, e.seq());
        assertEquals(hash, e.hash());
        assertEquals(len, e.length());
        assertThrows(IllegalStateException.class, e::undoLast);
    }

    @Test
    void timeHasSixFractionDigitsInUtc() {
        Rfc3339 f = new Rfc3339();
        byte[] out = new byte[Rfc3339.LENGTH];
        for (String t : new String[] {"2026-11-25T10:00:00Z", "1999-12-31T23:59:59.999999999Z",
                "2026-02-28T00:00:00.000001Z", "2024-02-29T12:34:56.5Z"}) {
            Instant i = Instant.parse(t);
            f.write(i, out, 0);
            assertEquals(Rfc3339.format(i), new String(out, StandardCharsets.US_ASCII));
        }
        assertEquals("2026-11-25T10:00:00.000001Z", Rfc3339.format(Instant.parse("2026-11-25T10:00:00.000001999Z")));
    }
}
