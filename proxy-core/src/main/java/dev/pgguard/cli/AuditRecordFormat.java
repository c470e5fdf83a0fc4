package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.audit.AuditFields;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@code pgguard audit show} for a human: one record in full, one field per line in the order of the line, under
 * the file and line it comes from. The SQL is whole and highlighted, one line of the SQL per line; other strings
 * are escaped ({@link Text#printable}); lists and objects are compact JSON (ASCII, so escaped as well);
 * durations ({@code *_us}) also in human units.
 */
final class AuditRecordFormat {

    private static final String INDENT = "  ";
    private static final int MIN_LABEL_WIDTH = 10;

    private final Ansi ansi;
    private final SqlHighlighter highlighter;
    private final AuditLineFormat line;

    AuditRecordFormat(Ansi ansi, AuditLineFormat line) {
        this.ansi = ansi;
        this.highlighter = new SqlHighlighter(ansi);
        this.line = line;
    }

    String render(AuditEntry e) {
        StringBuilder out = new StringBuilder();
        out.append(ansi.dim(Text.shown(e.where()))).append('\n');
        int labelWidth = MIN_LABEL_WIDTH;
        for (String name : e.fields().keySet()) {
            labelWidth = Math.max(labelWidth, Text.printable(name).length() + 2);
        }
        String continuation = INDENT + " ".repeat(labelWidth);
        for (Map.Entry<String, Object> field : e.fields().entrySet()) {
            String label = Text.printable(field.getKey());
            out.append(INDENT).append(ansi.dim(label)).append(" ".repeat(labelWidth - label.length()));
            List<String> lines = value(field.getKey(), field.getValue());
            for (int i = 0; i < lines.size(); i++) {
                out.append(i == 0 ? "" : continuation).append(lines.get(i)).append('\n');
            }
        }
        return out.toString();
    }

    private List<String> value(String name, Object value) {
        if (value instanceof String s) {
            if (name.equals(AuditFields.SQL)) {
                return highlighter.lines(s);
            }
            return List.of(name.equals(AuditFields.EVENT) ? line.colour(s).apply(Text.printable(s))
                    : Text.printable(s));
        }
        if (value instanceof Long n && name.endsWith("_us")) {
            return List.of(n + ansi.dim(" (" + AuditLineFormat.micros(n) + ")"));
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return List.of(json(value));
        }
        return List.of(String.valueOf(value));
    }

    private static String json(Object value) {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = CliJson.FACTORY.createGenerator(s)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return s.toString();
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeObject(value); // strings, numbers, booleans, null: no codec needed
        }
    }
}
