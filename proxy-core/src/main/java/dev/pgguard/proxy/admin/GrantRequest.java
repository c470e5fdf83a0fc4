package dev.pgguard.proxy.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /grants}: {@code {"agent": "ci", "for": "30m", "tables": ["public.orders"], "reason":
 * "..."}}. Unknown keys are refused rather than ignored: a misspelt {@code "table"} must not grant every table.
 *
 * @param tables  empty = every table the agent's own scope lets it write
 * @param reason  null when none was given
 * @param approver what a shared-token caller says its name is; ignored for a named approver
 */
record GrantRequest(String agent, String duration, List<String> tables, String reason, String approver) {

    private static final Set<String> KEYS = Set.of("agent", "for", "tables", "reason", "approver");

    /** @throws IllegalArgumentException saying what is wrong with the body, for a 400 */
    static GrantRequest parse(String json) {
        String agent = null;
        String duration = null;
        List<String> tables = List.of();
        String reason = null;
        String approver = null;
        Set<String> seen = new HashSet<>();
        try (JsonParser p = AdminJson.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown key \"" + key + "\": a grant has agent, for, tables, "
                            + "reason");
                }
                if (!seen.add(key)) {
                    throw new IllegalArgumentException("\"" + key + "\" is given twice");
                }
                p.nextToken();
                switch (key) {
                    case "agent" -> agent = string(p, key);
                    case "for" -> duration = string(p, key);
                    case "tables" -> tables = strings(p, key);
                    case "reason" -> reason = string(p, key);
                    default -> approver = string(p, key);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        if (agent == null || agent.isBlank()) {
            throw new IllegalArgumentException("a grant needs \"agent\": the agent's name");
        }
        if (duration == null || duration.isBlank()) {
            throw new IllegalArgumentException("a grant needs \"for\": how long it lasts, such as 30m or 2h "
                    + "(at most 24h)");
        }
        return new GrantRequest(agent, duration, tables, reason == null || reason.isBlank() ? null : reason.strip(),
                approver);
    }

    private static String string(JsonParser p, String key) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return p.getText();
    }

    private static List<String> strings(JsonParser p, String key) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("\"" + key + "\" must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("\"" + key + "\" must be an array of strings");
            }
            values.add(p.getText());
        }
        return List.copyOf(values);
    }
}
