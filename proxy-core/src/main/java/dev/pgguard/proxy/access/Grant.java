package dev.pgguard.proxy.access;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Write access an approver gave an agent for a time ({@code pgguard grant NAME write --for 30m}).
 *
 * @param tables   {@code schema.table} patterns the grant is limited to; empty = every table the agent's own
 *                 table scope lets it write
 * @param approver who granted it (from the approver's credential, never from the request)
 */
public record Grant(String id, String agent, List<String> tables, Instant granted, Instant expires, String approver,
                    String reason) {

    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(approver, "approver");
        tables = List.copyOf(tables);
    }
}
