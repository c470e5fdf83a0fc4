package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A write grant as the admin API describes it (approval-gate/README.md, "Grants"), with the JSON it was read
 * from for {@code --json}. Unknown fields are skipped, so a newer server does not break an older CLI.
 *
 * @param tables empty = every table the agent's own scope lets it write
 * @param reason null when none was given
 */
record GrantView(String id, String agent, List<String> tables, Instant grantedAt, Instant expiresAt, String approver,
                 String reason, String json) {

    /** A {@code Grant} object: the answer to a grant or a revoke. */
    static GrantView parse(String json) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "a grant");
            return read(p);
        }
    }

    /** The answer to {@code GET /grants}: {@code {"grants": [Grant, ...]}}. */
    static List<GrantView> list(String json) throws IOException {
        List<GrantView> grants = new ArrayList<>();
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "{\"grants\": [...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean ours = p.currentName().equals("grants");
                p.nextToken();
                if (!ours) {
                    p.skipChildren();
                    continue;
                }
                expect(p, p.currentToken(), JsonToken.START_ARRAY, "grants");
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    grants.add(read(p));
                }
            }
        }
        return grants;
    }

    /** Reads the object the parser is at, and keeps it as compact JSON. */
    private static GrantView read(JsonParser at) throws IOException {
        StringWriter compact = new StringWriter();
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(compact)) {
            g.copyCurrentStructure(at);
        }
        String json = compact.toString();
        String id = null;
        String agent = null;
        List<String> tables = List.of();
        Instant granted = null;
        Instant expires = null;
        String approver = null;
        String reason = null;
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "id" -> id = text(p, name);
                    case "agent" -> agent = text(p, name);
                    case "tables" -> tables = texts(p, name);
                    case "granted_at" -> granted = instant(p, name);
                    case "expires_at" -> expires = instant(p, name);
                    case "approver" -> approver = text(p, name);
                    case "reason" -> reason = text(p, name);
                    default -> p.skipChildren();
                }
            }
            if (id == null || expires == null) {
                throw new JsonParseException(p, "a grant without its id or expires_at");
            }
        }
        return new GrantView(id, agent, tables, granted, expires, approver, reason, json);
    }

    private static List<String> texts(JsonParser p, String field) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_ARRAY, field);
        List<String> texts = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            texts.add(text(p, field));
        }
        return List.copyOf(texts);
    }

    private static String text(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            default -> throw new JsonParseException(p, "\"" + field + "\" must be a string, not " + p.currentToken());
        };
    }

    private static Instant instant(JsonParser p, String field) throws IOException {
        String text = text(p, field);
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new JsonParseException(p, "\"" + field + "\" is not an RFC 3339 time: " + text);
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(p, "expected " + what + " (" + expected + "), found " + actual);
        }
    }
}
