package dev.pgguard.proxy.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldEvent;
import dev.pgguard.approval.HoldRequest;
import dev.pgguard.approval.blast.BlastRadius;
import dev.pgguard.approval.blast.CascadeObject;
import dev.pgguard.approval.blast.TableImpact;
import dev.pgguard.classifier.RuleHit;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The admin API's JSON for holds, blast radii and hold events (approval-gate/README.md). */
final class HoldJson {

    private HoldJson() {
    }

    static String hold(Hold hold, Instant now) {
        return AdminJson.render(hold, (g, h) -> write(g, h, now));
    }

    static String holds(List<Hold> holds, Instant now) {
        return AdminJson.list("holds", holds, (g, h) -> write(g, h, now));
    }

    static String event(HoldEvent event, Instant now) {
        return AdminJson.render(event, (g, e) -> {
            g.writeStartObject();
            g.writeStringField("event", e.type().id());
            g.writeFieldName("hold");
            write(g, e.hold(), now);
            g.writeEndObject();
        });
    }

    private static void write(JsonGenerator g, Hold hold, Instant now) throws IOException {
        HoldRequest r = hold.request();
        g.writeStartObject();
        g.writeStringField("id", hold.id());
        g.writeStringField("state", hold.state().id());
        g.writeStringField("agent", r.agent());
        g.writeStringField("database", r.database());
        g.writeStringField("session", r.session());
        g.writeStringField("client", r.client());
        g.writeStringField("created_at", hold.createdAt().toString());
        g.writeNumberField("age_ms", Math.max(0, Duration.between(hold.createdAt(), now).toMillis()));
        g.writeStringField("expires_at", hold.deadline().toString());
        g.writeBooleanField("in_transaction", r.inTransaction());
        g.writeStringField("sql", r.sql());
        g.writeArrayFieldStart("parameters");
        for (String p : r.parameters()) {
            g.writeString(p);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rules");
        for (RuleHit h : r.classification().rules()) {
            g.writeStartObject();
            g.writeStringField("id", h.rule().id());
            g.writeStringField("verdict", h.verdict().id());
            g.writeStringField("reason", h.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("blast_radius");
        write(g, hold.blastRadius());
        g.writeStringField("decided_by", hold.decidedBy());
        g.writeStringField("reason", hold.reason());
        Instant until = hold.preAuthorisedUntil();
        g.writeStringField("pre_authorised_until", until == null ? null : until.toString());
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, BlastRadius b) throws IOException {
        if (b == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("status", b.status().id());
        g.writeNumberField("elapsed_ms", b.elapsedMs());
        g.writeArrayFieldStart("tables");
        for (TableImpact t : b.tables()) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            number(g, "rows", t.rows());
            number(g, "bytes", t.bytes());
            number(g, "rows_affected", t.rowsAffected());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("cascade");
        for (CascadeObject c : b.cascade()) {
            g.writeStartObject();
            g.writeStringField("kind", c.kind());
            g.writeStringField("name", c.name());
            g.writeEndObject();
        }
        g.writeEndArray();
        number(g, "database_bytes", b.databaseBytes());
        g.writeArrayFieldStart("notes");
        for (String n : b.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
