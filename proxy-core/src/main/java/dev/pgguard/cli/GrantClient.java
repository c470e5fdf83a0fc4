package dev.pgguard.cli;

import java.io.IOException;
import java.util.List;

/**
 * The admin API's {@code /grants} endpoints (approval-gate/README.md, "Grants"), over {@link AdminClient}: the
 * live grants, a new grant, a revocation. A grant the API will not give (no such agent, one that is read-write
 * already, a bad table pattern) or a revocation of no live grant is a {@link DecisionRefused}.
 */
final class GrantClient {

    private final AdminClient admin;

    GrantClient(AdminClient admin) {
        this.admin = admin;
    }

    /** The body of {@code GET /grants}, as the server wrote it. */
    String liveJson() throws AdminException {
        return admin.get("/grants");
    }

    /**
     * @param duration as the config writes durations ({@code 30m}); at most 24h
     * @param tables   empty = every table the agent's own scope lets it write
     * @param reason   null for none
     */
    GrantView grant(String agent, String duration, List<String> tables, String reason, String totp)
            throws AdminException, DecisionRefused, TotpRequired {
        String body = CliJson.object(g -> {
            g.writeStringField("agent", agent);
            g.writeStringField("for", duration);
            g.writeArrayFieldStart("tables");
            for (String t : tables) {
                g.writeString(t);
            }
            g.writeEndArray();
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            g.writeStringField("approver", admin.approver());
        });
        return grantIn(admin.post("/grants", body, totp, 201, agent, 400));
    }

    GrantView revoke(String id, String totp) throws AdminException, DecisionRefused, TotpRequired {
        String body = CliJson.object(g -> g.writeStringField("approver", admin.approver()));
        return grantIn(admin.post("/grants/" + id + "/revoke", body, totp, 200, id, 404));
    }

    private static GrantView grantIn(String answer) throws AdminException {
        try {
            return GrantView.parse(answer);
        } catch (IOException e) {
            throw new AdminException(ExitCodes.SOFTWARE, "the admin API's answer is not a grant: " + e.getMessage());
        }
    }
}
