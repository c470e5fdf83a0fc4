package dev.pgguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.TableRef;

import java.io.IOException;
import java.util.List;

/**
 * The JSON shape of a classification: {@code verdict}, {@code rules} (each with the 1-based number of its
 * statement, 0 for a rule about the whole message) and {@code statements}. Written as fields into an object the
 * caller opened, so each caller adds its own ({@code classify} puts the input's id first); the audit log is meant
 * to reuse the shape.
 */
final class ClassificationJson {

    private ClassificationJson() {
    }

    static void writeFields(JsonGenerator g, Outcome outcome) throws IOException {
        if (outcome.classification() != null) {
            writeFields(g, outcome.classification());
        } else {
            g.writeStringField("verdict", outcome.verdict().id());
            g.writeArrayFieldStart("rules");
            writeRule(g, outcome.unfinished(), 0);
            g.writeEndArray();
            g.writeArrayFieldStart("statements");
            g.writeEndArray();
        }
    }

    private static void writeFields(JsonGenerator g, Classification c) throws IOException {
        g.writeStringField("verdict", c.verdict().id());
        g.writeArrayFieldStart("rules");
        int number = 0;
        for (ClassifiedStatement s : c.statements()) {
            number++;
            for (RuleHit hit : s.rules()) {
                writeRule(g, hit, number);
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("statements");
        for (ClassifiedStatement s : c.statements()) {
            writeStatement(g, s);
        }
        g.writeEndArray();
    }

    private static void writeRule(JsonGenerator g, RuleHit hit, int statement) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", hit.rule().id());
        g.writeStringField("verdict", hit.verdict().id());
        g.writeNumberField("statement", statement);
        g.writeStringField("reason", hit.reason());
        g.writeEndObject();
    }

    private static void writeStatement(JsonGenerator g, ClassifiedStatement s) throws IOException {
        g.writeStartObject();
        g.writeStringField("sql", s.sql());
        g.writeStringField("kind", s.kind().id());
        g.writeStringField("verdict", s.verdict().id());
        g.writeArrayFieldStart("rules");
        for (RuleHit hit : s.rules()) {
            g.writeString(hit.rule().id());
        }
        g.writeEndArray();
        writeTables(g, "reads", s.reads());
        writeTables(g, "writes", s.writes());
        g.writeBooleanField("canWrite", s.canWrite());
        g.writeEndObject();
    }

    private static void writeTables(JsonGenerator g, String field, List<TableRef> tables) throws IOException {
        g.writeArrayFieldStart(field);
        for (TableRef t : tables) {
            g.writeString(t.toString());
        }
        g.writeEndArray();
    }
}
