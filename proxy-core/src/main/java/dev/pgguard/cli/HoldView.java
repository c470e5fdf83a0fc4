package dev.pgguard.cli;

import java.time.Instant;
import java.util.List;

/**
 * A hold as the admin API describes it (approval-gate/README.md, "Hold"): the CLI's read-only copy, with the
 * JSON it was read from, so that {@code --json} and "view more" show exactly what the server said.
 * Strings the server leaves out or sends as null are null; {@code parameters} may contain nulls (SQL NULL).
 *
 * @param preAuthorisedUntil after a late approval (of a timed-out hold): until when the agent's identical
 *                           statement may run once; null otherwise
 * @param json               the hold's JSON object on one line (re-serialised, whatever layout the server used)
 */
record HoldView(String id, String state, String agent, String database, String session, String client,
                Instant createdAt, long ageMs, Instant expiresAt, boolean inTransaction, String sql,
                List<String> parameters, List<Rule> rules, BlastRadiusView blastRadius,
                String decidedBy, String reason, Instant preAuthorisedUntil, String json) {

    /** One rule that fired on the held statement. */
    record Rule(String id, String verdict, String reason) {
    }

    boolean pending() {
        return "pending".equals(state);
    }
}
