package dev.pgguard.proxy.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The bodies of the decisions on one thing (approve, deny, revoke): a flat JSON object of strings. */
final class FlatJson {

    private FlatJson() {
    }

    /**
     * The object's string (or null) values; an empty body is an empty object.
     *
     * @throws IllegalArgumentException saying what is wrong, for a 400
     */
    static Map<String, String> fields(String json) {
        Map<String, String> out = new HashMap<>();
        if (json.isBlank()) {
            return out;
        }
        try (JsonParser p = AdminJson.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the body must be a JSON object of strings");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException("the body must be a JSON object of strings: \"" + name
                            + "\" is not a string");
                }
                out.put(name, p.getValueAsString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        return out;
    }
}
