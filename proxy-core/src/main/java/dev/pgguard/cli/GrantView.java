package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static dev.pgguard.cli.ApiJson.instant;
import static dev.pgguard.cli.ApiJson.text;
import static dev.pgguard.cli.ApiJson.texts;

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
        return ApiJson.one(json, "a grant", GrantView::read);
    }

    /** The answer to {@code GET /grants}: {@code {"grants": [Grant, ...]}}. */
    static List<GrantView> list(String json) throws IOException {
        return ApiJson.list(json, "grants", GrantView::read);
    }

    /** Reads the object the parser is at, and keeps it as compact JSON. */
    private static GrantView read(JsonParser at) throws IOException {
        String json = ApiJson.compact(at);
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
}
