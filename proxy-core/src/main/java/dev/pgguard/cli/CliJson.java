package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.StringWriter;

/** The JSON settings of the command line, and the one copy of a JSON value it needs (the input's id). */
final class CliJson {

    /** The longest input line {@code classify --jsonl} reads (and so the longest SQL string). */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    /**
     * Output is pure ASCII (everything else escaped), so it is the same bytes whatever the platform's default
     * charset, which on Java 17 is the locale's: ASCII under {@code LANG=C}. A duplicate key is an error: two
     * "sql" keys would let the SQL pgguard checks differ from the SQL another JSON reader takes from the line.
     */
    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_LINE_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private CliJson() {
    }

    /**
     * The value at the parser's current token as JSON text, numbers exactly as written ({@code 1.50} stays
     * {@code 1.50}, a 30-digit id keeps its digits): an id comes back as the same value of the same type.
     * Leaves the parser on the value's last token.
     */
    static String copyValue(JsonParser p) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
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
}
