package dev.pgguard.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Literal JSON of the admin API (approval-gate/README.md), for the CLI's tests. */
final class HoldFixtures {

    /** The README's BlastRadius example. */
    static final String BLAST_RADIUS = """
            {"status": "ok", "elapsed_ms": 12,
             "tables": [{"name": "public.users", "rows": 120000, "bytes": 9437184, "rows_affected": 120000}],
             "cascade": [{"kind": "view", "name": "public.active_users"}],
             "database_bytes": null, "notes": ["rows are estimates from pg_class statistics"]}""";

    /** The README's Hold example, with the BlastRadius example in it. */
    static final String HOLD = """
            {"id": "k7m2qa", "state": "pending", "agent": "claude", "database": "app", "session": "s-12",
             "client": "127.0.0.1:51234", "created_at": "2026-11-25T10:00:00Z", "age_ms": 1234,
             "expires_at": "2026-11-25T10:01:00Z", "in_transaction": false,
             "sql": "DROP TABLE users", "parameters": ["42", null, "\\\\x0102"],
             "rules": [{"id": "drop", "verdict": "hold", "reason": "DROP TABLE users removes the table and its data"}],
             "blast_radius": %s,
             "decided_by": null, "reason": null}""".formatted(BLAST_RADIUS);

    private HoldFixtures() {
    }

    /** A pending hold with the README's fields; {@code blastRadius} is JSON (or "null"). */
    static String hold(String id, String sql, String blastRadius) {
        return hold(id, "pending", sql, blastRadius, null, null);
    }

    static String hold(String id, String state, String sql, String blastRadius, String decidedBy, String reason) {
        return "{\"id\": " + quote(id) + ", \"state\": " + quote(state) + ", \"agent\": \"claude\", "
                + "\"database\": \"app\", \"session\": \"s-12\", \"client\": \"127.0.0.1:51234\", "
                + "\"created_at\": \"2026-11-25T10:00:00Z\", \"age_ms\": 2000, "
                + "\"expires_at\": \"2026-11-25T10:01:00Z\", \"in_transaction\": false, \"sql\": " + quote(sql)
                + ", \"parameters\": [], \"rules\": [{\"id\": \"drop\", \"verdict\": \"hold\", "
                + "\"reason\": \"removes data\"}], \"blast_radius\": " + blastRadius + ", \"decided_by\": "
                + quote(decidedBy) + ", \"reason\": " + quote(reason) + "}";
    }

    static String event(String kind, String holdJson) {
        return "{\"event\": \"" + kind + "\", \"hold\": " + holdJson + "}";
    }

    static HoldView parse(String holdJson) {
        try {
            return HoldJson.hold(holdJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HoldEvent parseEvent(String line) {
        try {
            return readEvent(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of the events stream, read as {@link EventStream} reads it (as bytes). */
    static HoldEvent readEvent(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return HoldJson.event(bytes, bytes.length);
    }

    /** A blast radius as the admin API writes it, read as part of a hold. */
    static BlastRadiusView blastRadius(String json) throws IOException {
        return HoldJson.hold(hold("k7m2qa", "DROP TABLE users", json)).blastRadius();
    }

    /** A JSON string literal: backslash, quote and control characters escaped. */
    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
