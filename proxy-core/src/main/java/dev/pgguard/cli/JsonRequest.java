package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;

/**
 * One input line of {@code classify --jsonl}: {@code {"id": <any JSON value>, "sql": "..."}}. Other keys are
 * ignored. Either {@code sql} or {@code error} is set; {@code idJson} is the id as JSON text whenever it could
 * be read (null otherwise, or when the line has none), so even an answer about a broken line names its input.
 */
record JsonRequest(String idJson, String sql, String error) {

    private static final String SHAPE = "{\"id\": ..., \"sql\": \"...\"}";

    static JsonRequest parse(byte[] bytes, int length) {
        String id = null;
        String sql = null;
        String problem = null;
        try (JsonParser p = CliJson.FACTORY.createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new JsonRequest(null, null, "each line must be a JSON object " + SHAPE);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("id")) {
                    id = copyValue(p);
                } else if (field.equals("sql") && value == JsonToken.VALUE_STRING) {
                    sql = p.getText();
                } else {
                    if (field.equals("sql")) {
                        problem = "\"sql\" must be a string, not " + describe(value);
                    }
                    p.skipChildren(); // read on: the id may come after
                }
            }
            if (p.nextToken() != null) {
                return new JsonRequest(id, null, "unexpected content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            return new JsonRequest(id, null, "invalid JSON: " + e.getOriginalMessage() + where(e));
        } catch (IOException e) {
            // Not from a byte array; kept apart so that a surprise does not read as the input's fault.
            return new JsonRequest(id, null, "could not read the line (" + e + ")");
        }
        if (problem == null && sql == null) {
            problem = "missing \"sql\": each line must be " + SHAPE;
        }
        return problem != null ? new JsonRequest(id, null, problem) : new JsonRequest(id, sql, null);
    }

    /**
     * The value at the parser's current token as JSON text, numbers exactly as written ({@code 1.50} stays
     * {@code 1.50}, a 30-digit id keeps its digits): an id comes back as the same value of the same type.
     * Leaves the parser on the value's last token. Not Jackson's own copy: {@code copyCurrentStructure} writes
     * {@code 1.50} as {@code 1.5}, and even {@code copyCurrentEventExact} writes {@code -3e2} as {@code -3E+2}.
     */
    private static String copyValue(JsonParser p) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(text)) {
            int depth = 0;
            do {
                JsonToken t = p.currentToken();
                switch (t) {
                    case START_OBJECT -> {
                        g.writeStartObject();
                        depth++;
                    }
                    case START_ARRAY -> {
                        g.writeStartArray();
                        depth++;
                    }
                    case END_OBJECT -> {
                        g.writeEndObject();
                        depth--;
                    }
                    case END_ARRAY -> {
                        g.writeEndArray();
                        depth--;
                    }
                    case FIELD_NAME -> g.writeFieldName(p.currentName());
                    case VALUE_STRING -> g.writeString(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                    case VALUE_TRUE, VALUE_FALSE -> g.writeBoolean(t == JsonToken.VALUE_TRUE);
                    case VALUE_NULL -> g.writeNull();
                    default -> throw new IllegalStateException("unexpected JSON token " + t);
                }
            } while (depth > 0 && p.nextToken() != null);
        }
        return text.toString();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (at byte " + (e.getLocation().getByteOffset() + 1) + ")";
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
