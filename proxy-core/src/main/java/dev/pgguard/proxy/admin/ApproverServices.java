package dev.pgguard.proxy.admin;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.proxy.access.Grants;
import dev.pgguard.proxy.session.AgentDirectory;
import java.util.Objects;

/**
 * What approvers reach through the admin API: the holds they decide, the write grants they give and revoke (for
 * the agents in force), and who they are.
 */
public record ApproverServices(ApprovalGate gate, Grants grants, AgentDirectory agents, ApproverRegistry approvers) {

    public ApproverServices {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(approvers, "approvers");
    }
}
