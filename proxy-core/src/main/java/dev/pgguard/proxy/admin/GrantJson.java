package dev.pgguard.proxy.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pgguard.proxy.access.Grant;
import java.io.IOException;
import java.util.List;

/** The admin API's JSON for write grants (approval-gate/README.md, "Grants"). */
final class GrantJson {

    private GrantJson() {
    }

    static String grant(Grant grant) {
        return AdminJson.render(grant, GrantJson::write);
    }

    static String grants(List<Grant> grants) {
        return AdminJson.list("grants", grants, GrantJson::write);
    }

    private static void write(JsonGenerator g, Grant grant) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", grant.id());
        g.writeStringField("agent", grant.agent());
        g.writeArrayFieldStart("tables");
        for (String t : grant.tables()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeStringField("granted_at", grant.granted().toString());
        g.writeStringField("expires_at", grant.expires().toString());
        g.writeStringField("approver", grant.approver());
        g.writeStringField("reason", grant.reason());
        g.writeEndObject();
    }
}
