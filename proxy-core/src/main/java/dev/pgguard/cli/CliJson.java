package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The JSON of the command line: its settings, and how an answer is written (one object per line). */
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

    /** Fields of one JSON object, written by the caller into an object {@link #writeLine} or {@link #object} opened. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Writes one JSON object and {@code '\n'} (whatever the platform: println would write "\r\n" on Windows), then
     * flushes: whoever reads the output may be waiting for this very line.
     */
    static void writeLine(PrintWriter out, Fields fields) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** One JSON object as text: a request's body. */
    static String object(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }
}
