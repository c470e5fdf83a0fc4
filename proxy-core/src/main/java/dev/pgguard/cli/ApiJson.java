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

/**
 * What every answer of the admin API is made of, read with the streaming parser ({@link HoldJson} reads holds
 * with it, {@link GrantView} grants): objects kept as the JSON they were, lists of them, typed fields. Unknown
 * fields are the caller's to skip, so a newer server does not break an older CLI; a field of the wrong type is an
 * error that names it.
 */
final class ApiJson {

    private ApiJson() {
    }

    /** Reads the object the parser is at (on its START_OBJECT), to its END_OBJECT. */
    @FunctionalInterface
    interface ObjectReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /** A body that is one object, such as the answer to an approve or a grant. */
    static <T> T one(String json, String what, ObjectReader<T> read) throws IOException {
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, what);
            return read.read(p);
        }
    }

    /** A body {@code {"<key>": [object, ...]}}, such as the answer to {@code GET /holds}; other keys skipped. */
    static <T> List<T> list(String json, String key, ObjectReader<T> read) throws IOException {
        List<T> list = List.of();
        try (JsonParser p = CliJson.FACTORY.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "{\"" + key + "\": [...]}");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean ours = p.currentName().equals(key);
                p.nextToken();
                if (ours) {
                    list = objects(p, key, read);
                } else {
                    p.skipChildren();
                }
            }
        }
        return list;
    }

    /** The array of objects at the parser (null for none), each read by {@code read}; unmodifiable. */
    static <T> List<T> objects(JsonParser p, String field, ObjectReader<T> read) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(p, p.currentToken(), JsonToken.START_ARRAY, field);
        List<T> objects = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            objects.add(read.read(p));
        }
        expect(p, p.currentToken(), JsonToken.END_ARRAY, field);
        return List.copyOf(objects);
    }

    /** The value at the parser, written compactly on one line (whatever layout the server used). */
    static String compact(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
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

    /** An array of strings and nulls (bind parameters may be NULL), unmodifiable; null for none. */
    static List<String> texts(JsonParser p, String field) throws IOException {
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

    static String text(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            default -> throw new JsonParseException(p, "\"" + field + "\" must be a string, not " + p.currentToken());
        };
    }

    static Long number(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> Math.round(p.getDoubleValue()); // an estimate sent as 1.2e5
            default -> throw new JsonParseException(p, "\"" + field + "\" must be a number, not " + p.currentToken());
        };
    }

    static Instant instant(JsonParser p, String field) throws IOException {
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

    static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new JsonParseException(p, "expected " + what + " (" + expected + "), found " + actual);
        }
    }
}
