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
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Reads the admin API's JSON (holds, blast radius, events, errors) with the streaming parser. Unknown fields are
 * skipped, so a newer server does not break an older CLI; a field of the wrong type is an error that names it.
 */
final class HoldJson {

    private HoldJson() {
    }

    /** A {@code Hold} object, e.g. the answer to an approve. */
    static HoldView hold(String json) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "a hold");
            String compact = copy(p);
            return readHold(compact);
        }
    }

    /** The answer to {@code GET /holds}: {@code {"holds": [Hold, ...]}}. */
    static List<HoldView> holds(String json) throws IOException {
        List<HoldView> holds = new ArrayList<>();
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "{\"holds\": [...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (!p.currentName().equals("holds")) {
                    p.nextToken();
                    p.skipChildren();
                    continue;
                }
                expect(p, p.nextToken(), JsonToken.START_ARRAY, "holds");
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    holds.add(readHold(copy(p)));
                }
                expect(p, p.currentToken(), JsonToken.END_ARRAY, "holds");
            }
        }
        return holds;
    }

    /** One line of the events stream. */
    static HoldEvent event(String line) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(line)) {
            return event(p);
        }
    }

    static HoldEvent event(byte[] bytes, int length) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(bytes, 0, length)) {
            return event(p);
        }
    }

    private static HoldEvent event(JsonParser p) throws IOException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT, "an event");
        String kind = null;
        HoldView hold = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("event")) {
                kind = text(p, name);
            } else if (name.equals("hold") && value == JsonToken.START_OBJECT) {
                hold = readHold(copy(p));
            } else {
                p.skipChildren();
            }
        }
        if (kind == null) {
            throw new JsonParseException(p, "an event without \"event\"");
        }
        if (hold == null && !kind.equals(HoldEvent.HEARTBEAT)) {
            throw new JsonParseException(p, "a \"" + kind + "\" event without its hold");
        }
        return new HoldEvent(kind, hold);
    }

    /** The message of an error answer {@code {"error": "..."}}, or null when the body is not one. */
    static String error(String body) {
        try (JsonParser p = CliJson.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("error") && p.currentToken() == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The JSON text indented for a human ("view more"); non-ASCII and control characters stay escaped. */
    static String pretty(String json) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonParser p = CliJson.FACTORY.createParser(json);
             JsonGenerator g = CliJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            p.nextToken();
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    /** The value at the parser, written compactly on one line. */
    private static String copy(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    private static HoldView readHold(String json) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            p.nextToken();
            return new HoldFields(json).read(p);
        }
    }

    /** A hold's fields as they are read; any of them may be missing. */
    private static final class HoldFields {
        final String json;
        String id;
        String state;
        String agent;
        String database;
        String session;
        String client;
        Instant createdAt;
        long ageMs;
        Instant expiresAt;
        boolean inTransaction;
        String sql;
        List<String> parameters = List.of();
        List<HoldView.Rule> rules = List.of();
        BlastRadiusView blastRadius;
        String decidedBy;
        String reason;
        Instant preAuthorisedUntil;

        HoldFields(String json) {
            this.json = json;
        }

        HoldView read(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "id" -> id = text(p, name);
                    case "state" -> state = text(p, name);
                    case "agent" -> agent = text(p, name);
                    case "database" -> database = text(p, name);
                    case "session" -> session = text(p, name);
                    case "client" -> client = text(p, name);
                    case "created_at" -> createdAt = instant(p, name);
                    case "age_ms" -> ageMs = orZero(number(p, name));
                    case "expires_at" -> expiresAt = instant(p, name);
                    case "in_transaction" -> inTransaction = p.currentToken() == JsonToken.VALUE_TRUE;
                    case "sql" -> sql = text(p, name);
                    case "parameters" -> parameters = texts(p, name);
                    case "rules" -> rules = rules(p);
                    case "blast_radius" -> blastRadius = blastRadius(p);
                    case "decided_by" -> decidedBy = text(p, name);
                    case "reason" -> reason = text(p, name);
                    case "pre_authorised_until" -> preAuthorisedUntil = instant(p, name);
                    default -> p.skipChildren();
                }
            }
            if (id == null || id.isEmpty()) {
                throw new JsonParseException(p, "a hold without an id");
            }
            return new HoldView(id, state == null ? "pending" : state, agent, database, session, client, createdAt,
                    ageMs, expiresAt, inTransaction, sql == null ? "" : sql, parameters, rules, blastRadius,
                    decidedBy, reason, preAuthorisedUntil, json);
        }
    }

    private static List<HoldView.Rule> rules(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, "rules");
        List<HoldView.Rule> rules = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String id = null;
            String verdict = null;
            String reason = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "id" -> id = text(p, "rules.id");
                    case "verdict" -> verdict = text(p, "rules.verdict");
                    case "reason" -> reason = text(p, "rules.reason");
                    default -> p.skipChildren();
                }
            }
            rules.add(new HoldView.Rule(id, verdict, reason));
        }
        return List.copyOf(rules);
    }

    static BlastRadiusView blastRadius(String json) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            p.nextToken();
            return blastRadius(p);
        }
    }

    private static BlastRadiusView blastRadius(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "blast_radius");
        String status = null;
        Long elapsed = null;
        List<BlastRadiusView.Table> tables = List.of();
        List<BlastRadiusView.Cascade> cascade = List.of();
        Long databaseBytes = null;
        List<String> notes = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "status" -> status = text(p, "blast_radius.status");
                case "elapsed_ms" -> elapsed = number(p, "blast_radius.elapsed_ms");
                case "tables" -> tables = tables(p);
                case "cascade" -> cascade = cascade(p);
                case "database_bytes" -> databaseBytes = number(p, "blast_radius.database_bytes");
                case "notes" -> notes = texts(p, "blast_radius.notes");
                default -> p.skipChildren();
            }
        }
        return new BlastRadiusView(status == null ? "ok" : status, elapsed, tables, cascade, databaseBytes,
                notes.stream().filter(Objects::nonNull).toList());
    }

    private static List<BlastRadiusView.Table> tables(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, "blast_radius.tables");
        List<BlastRadiusView.Table> tables = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            Long rows = null;
            Long bytes = null;
            Long affected = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> name = text(p, "tables.name");
                    case "rows" -> rows = number(p, "tables.rows");
                    case "bytes" -> bytes = number(p, "tables.bytes");
                    case "rows_affected" -> affected = number(p, "tables.rows_affected");
                    default -> p.skipChildren();
                }
            }
            tables.add(new BlastRadiusView.Table(name == null ? "?" : name, rows, bytes, affected));
        }
        return List.copyOf(tables);
    }

    private static List<BlastRadiusView.Cascade> cascade(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, "blast_radius.cascade");
        List<BlastRadiusView.Cascade> cascade = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String kind = null;
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "kind" -> kind = text(p, "cascade.kind");
                    case "name" -> name = text(p, "cascade.name");
                    default -> p.skipChildren();
                }
            }
            cascade.add(new BlastRadiusView.Cascade(kind == null ? "object" : kind, name == null ? "?" : name));
        }
        return List.copyOf(cascade);
    }

    /** An array of strings and nulls (bind parameters may be NULL), unmodifiable. */
    private static List<String> texts(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, field);
        List<String> texts = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            texts.add(text(p, field));
        }
        return Collections.unmodifiableList(texts);
    }

    private static String text(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            default -> throw new JsonParseException(p, "\"" + field + "\" must be a string, not " + p.currentToken());
        };
    }

    private static Long number(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> Math.round(p.getDoubleValue()); // an estimate sent as 1.2e5
            default -> throw new JsonParseException(p, "\"" + field + "\" must be a number, not " + p.currentToken());
        };
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static Instant instant(JsonParser p, String field) throws IOException {
        String text = text(p, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant(); // RFC 3339: "Z" or an offset
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
