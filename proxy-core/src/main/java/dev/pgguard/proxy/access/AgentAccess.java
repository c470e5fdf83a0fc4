package dev.pgguard.proxy.access;

import dev.pgguard.approval.control.CatalogUnavailableException;
import dev.pgguard.classifier.CatalogFacts;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.TableScope;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.inspect.SessionInfo;
import dev.pgguard.proxy.session.AgentDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What an agent may run, before any hold rule is asked: its table scope, then its mode — a read-only agent's
 * writes pass only under a live grant that covers every table they write. Read per statement, so that a
 * grant's start and end count at once; the scopes are parsed once, with the configuration and the grant.
 *
 * <p>For an agent with a scope, the names a statement uses are checked first; then what lies behind them (views,
 * rules, partitions, public overloads of built-in names) as the environment's catalog says. Those answers are
 * kept a few seconds, so the catalog is asked only now and then; when it cannot answer, the statement is refused.
 */
public final class AgentAccess {

    /** The catalog of a session's environment: what lies behind the names a message uses. */
    @FunctionalInterface
    public interface Catalog {
        CompletableFuture<CatalogFacts> facts(String environment, String database, CatalogFacts.Questions questions);
    }

    /** The answer for nearly every statement, shared: no allocation per statement on the relay's hot path. */
    private static final CompletableFuture<Optional<PgError>> MAY_RUN = CompletableFuture.completedFuture(
            Optional.empty());

    private final AgentDirectory agents;
    private final Grants grants;
    private final Catalog catalog;

    public AgentAccess(AgentDirectory agents, Grants grants, Catalog catalog) {
        this.agents = agents;
        this.grants = grants;
        this.catalog = catalog;
    }

    /**
     * Why the session's agent may not run {@code c}; empty when it may (the hold rules still apply). Completed at
     * once unless the catalog must be asked.
     */
    public CompletableFuture<Optional<PgError>> refusal(SessionInfo session, Classification c) {
        String agent = session.agent();
        TableScope scope = agents.scope(agent);
        Optional<String> outside = scope.violation(c);
        if (outside.isPresent()) {
            return answer(Optional.of(ClientErrors.outsideTableScope(agent, outside.get())));
        }
        CatalogFacts.Questions questions = scope.questions(c);
        if (questions.isEmpty()) {
            return answer(modeRefusal(agent, c));
        }
        CompletableFuture<CatalogFacts> facts = catalog.facts(session.environment(), session.database(), questions);
        CatalogFacts now = facts.isDone() && !facts.isCompletedExceptionally() ? facts.getNow(null) : null;
        if (now != null) { // answered from what the lookup keeps: no future chain on the hot path
            return answer(refusal(agent, c, scope, now));
        }
        return facts.handle((answers, failure) -> failure == null ? refusal(agent, c, scope, answers)
                : Optional.of(ClientErrors.catalogUnavailable(agent, reason(failure))));
    }

    private static CompletableFuture<Optional<PgError>> answer(Optional<PgError> refusal) {
        return refusal.isEmpty() ? MAY_RUN : CompletableFuture.completedFuture(refusal);
    }

    private Optional<PgError> refusal(String agent, Classification c, TableScope scope, CatalogFacts facts) {
        Optional<String> behind = scope.violation(c, facts);
        return behind.isPresent() ? Optional.of(ClientErrors.outsideTableScope(agent, behind.get()))
                : modeRefusal(agent, c);
    }

    private Optional<PgError> modeRefusal(String agent, Classification c) {
        if (agents.mode(agent) != AgentMode.READ_ONLY || !c.canWrite() || grants.covers(agent, c)) {
            return Optional.empty();
        }
        String writing = c.statements().stream().filter(ClassifiedStatement::canWrite).findFirst().orElseThrow().sql();
        List<Grant> live = grants.of(agent);
        return Optional.of(live.isEmpty() ? ClientErrors.readOnlyAgent(agent, writing)
                : ClientErrors.outsideGrant(agent, writing, live.stream().flatMap(g -> g.tables().stream()).toList()));
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof CatalogUnavailableException ? cause.getMessage() : cause.toString();
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
