package dev.pgguard.proxy.access;

import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.Classification;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.session.AgentDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent may run, before any hold rule is asked: its table scope, then its mode — a read-only agent's
 * writes pass only under a live grant that covers every table they write. Read per statement, so that a
 * grant's start and end count at once; the scopes are parsed once, with the configuration and the grant.
 */
public final class AgentAccess {

    private final AgentDirectory agents;
    private final Grants grants;

    public AgentAccess(AgentDirectory agents, Grants grants) {
        this.agents = agents;
        this.grants = grants;
    }

    /** Why {@code agent} may not run {@code c}; empty when it may (the hold rules still apply). */
    public Optional<PgError> refusal(String agent, Classification c) {
        Optional<String> outside = agents.scope(agent).violation(c);
        if (outside.isPresent()) {
            return Optional.of(ClientErrors.outsideTableScope(agent, outside.get()));
        }
        if (agents.mode(agent) != AgentMode.READ_ONLY || !c.canWrite() || grants.covers(agent, c)) {
            return Optional.empty();
        }
        String writing = c.statements().stream().filter(ClassifiedStatement::canWrite).findFirst().orElseThrow().sql();
        List<Grant> live = grants.of(agent);
        return Optional.of(live.isEmpty() ? ClientErrors.readOnlyAgent(agent, writing)
                : ClientErrors.outsideGrant(agent, writing, live.stream().flatMap(g -> g.tables().stream()).toList()));
    }

    /** The agent's own rules (rule id → action), over its environment's. */
    public Map<String, String> rules(String agent) {
        return agents.agent(agent).map(AgentConfig::rules).orElse(Map.of());
    }

    /** Whether the agent's tables are limited (agents[].tables). */
    public boolean scoped(String agent) {
        return agents.scope(agent).scoped();
    }

    /**
     * Whether the agent's sessions open upstream read-only ({@code default_transaction_read_only}): a read-only
     * agent without a live grant. Sessions restart when a grant starts or ends.
     */
    public boolean opensReadOnly(String agent) {
        return agents.mode(agent) == AgentMode.READ_ONLY && !grants.any(agent);
    }
}
