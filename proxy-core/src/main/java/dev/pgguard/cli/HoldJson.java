package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static dev.pgguard.cli.ApiJson.expect;
import static dev.pgguard.cli.ApiJson.instant;
import static dev.pgguard.cli.ApiJson.number;
import static dev.pgguard.cli.ApiJson.objects;
import static dev.pgguard.cli.ApiJson.text;
import static dev.pgguard.cli.ApiJson.texts;

/**
 * Reads the admin API's holds, blast radii and events ({@link ApiJson}). Unknown fields are skipped, so a newer
 * server does not break an older CLI; a field of the wrong type is an error that names it.
 */
final class HoldJson {

    private HoldJson() {
    }

    /** A {@code Hold} object, e.g. the answer to an approve. */
    static HoldView hold(String json) throws IOException {
        return ApiJson.one(json, "a hold", HoldJson::readHold);
    }

    /** The answer to {@code GET /holds}: {@code {"holds": [Hold, ...]}}. */
    static List<HoldView> holds(String json) throws IOException {
        return ApiJson.list(json, "holds", HoldJson::readHold);
    }

    /** One line of the events stream. */
    static HoldEvent event(byte[] bytes, int length) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(bytes, 0, length)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "an event");
            String kind = null;
            HoldView hold = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("event")) {
                    kind = text(p, name);
                } else if (name.equals("hold") && value == JsonToken.START_OBJECT) {
                    hold = readHold(p);
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

    /** The hold at the parser, kept as compact JSON for {@code --json} and "view more". */
    private static HoldView readHold(JsonParser at) throws IOException {
        String json = ApiJson.compact(at);
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
                    case "age_ms" -> ageMs = Objects.requireNonNullElse(number(p, name), 0L);
                    case "expires_at" -> expiresAt = instant(p, name);
                    case "in_transaction" -> inTransaction = p.currentToken() == JsonToken.VALUE_TRUE;
                    case "sql" -> sql = text(p, name);
                    case "parameters" -> parameters = texts(p, name);
                    case "rules" -> rules = objects(p, "rules", HoldJson::rule);
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

    private static HoldView.Rule rule(JsonParser p) throws IOException {
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
        return new HoldView.Rule(id, verdict, reason);
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
                case "tables" -> tables = objects(p, "blast_radius.tables", HoldJson::table);
                case "cascade" -> cascade = objects(p, "blast_radius.cascade", HoldJson::cascade);
                case "database_bytes" -> databaseBytes = number(p, "blast_radius.database_bytes");
                case "notes" -> notes = texts(p, "blast_radius.notes");
                default -> p.skipChildren();
            }
        }
        return new BlastRadiusView(status == null ? "ok" : status, elapsed, tables, cascade, databaseBytes,
                notes.stream().filter(Objects::nonNull).toList());
    }

    private static BlastRadiusView.Table table(JsonParser p) throws IOException {
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
        return new BlastRadiusView.Table(name == null ? "?" : name, rows, bytes, affected);
    }

    private static BlastRadiusView.Cascade cascade(JsonParser p) throws IOException {
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
        return new BlastRadiusView.Cascade(kind == null ? "object" : kind, name == null ? "?" : name);
    }
}
