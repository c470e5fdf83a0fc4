package dev.pgguard.proxy.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What every admin API answer shares: the JSON factory, rendering a value to text, the error body, and the
 * {@code {"holds": [...]}} shape of a list. The things themselves are {@link HoldJson} and {@link GrantJson}.
 */
final class AdminJson {

    static final JsonFactory FACTORY = new JsonFactoryBuilder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    @FunctionalInterface
    interface Writer<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    private AdminJson() {
    }

    /** One JSON value as text (no trailing newline). */
    static <T> String render(T value, Writer<T> writer) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** {@code {"NAME": [ITEM, ...]}}. */
    static <T> String list(String name, List<T> items, Writer<T> item) {
        return render(items, (g, all) -> {
            g.writeStartObject();
            g.writeArrayFieldStart(name);
            for (T t : all) {
                item.write(g, t);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static String error(String message) {
        return render(message, (g, m) -> {
            g.writeStartObject();
            g.writeStringField("error", m);
            g.writeEndObject();
        });
    }
}
