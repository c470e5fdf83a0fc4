package dev.pgguard.proxy.inspect;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierSession;
import dev.pgguard.classifier.Policy;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.Verdict;
import dev.pgguard.proxy.access.AgentAccess;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the classifier in the statement path. One instance per server holds the shared {@link Classifier}
 * (its caches) and a small pool of analysis threads; {@link #forSession} gives each session its own
 * {@link ClassifierSession} (policy, prepared statements, {@code standard_conforming_strings}) and its own
 * {@link SessionHolds}: a statement whose verdict is hold waits on the {@link ApprovalGate} for a human.
 *
 * <p>On the event loop only cache hits are answered; a statement never seen before (a JSqlParser parse,
 * tens of microseconds to milliseconds) is analysed on the pool and the session resumes when it is done.
 */
public final class ClassifyingInspector implements StatementInspector, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClassifyingInspector.class);
    /** Statements a sane client sends never take this long; a pathological one is held rather than waited on. */
    static final long ANALYSIS_TIMEOUT_MILLIS = 2_000;

    private final Classifier classifier;
    private final Policy policy;
    private final ApprovalGate gate;
    private final AuditTrail audit;
    private final Function<SessionInfo, Policy> policies;
    private final AgentAccess access;
    private final ExecutorService analysis;

    /**
     * @param policy   the rules of the classifier section: what {@link #inspect} outside a session applies
     * @param policies the rules a session works under (its environment's and its agent's over the common ones)
     * @param access   what each agent may run, as of now (scope, mode, grants)
     */
    public ClassifyingInspector(Classifier classifier, Policy policy, Function<SessionInfo, Policy> policies,
                                ApprovalGate gate, AuditTrail audit, AgentAccess access) {
        this.classifier = classifier;
        this.policy = policy;
        this.policies = policies;
        this.gate = gate;
        this.audit = audit;
        this.access = access;
        this.analysis = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("pgguard-classifier", true));
        warmUp();
    }

    /** Loads JSqlParser and the analysers before the first client waits on them. */
    private void warmUp() {
        classifier.newSession(policy).classify("SELECT 1; DELETE FROM t WHERE id = 1; UPDATE t SET a = 1 WHERE b = $1");
    }

    @Override
    public StatementInspector forSession(SessionInfo session, SessionHooks hooks) {
        return new PerSession(classifier.newSession(policies.apply(session)),
                new SessionHolds(gate, audit, session, hooks), hooks);
    }

    /**
     * Outside a session (no prepared statements, default settings): what a fresh session would decide, except
     * that there is no session to park, so a hold is refused as if it had been withdrawn.
     */
    @Override
    public CompletionStage<Decision> inspect(InspectedStatement statement) {
        Classification c = classifier.newSession(policy).classify(statement.sql());
        return CompletableFuture.completedFuture(c.verdict() == Verdict.ALLOW ? Decision.allow()
                : Decision.refuse(refusal(c)));
    }

    @Override
    public void close() {
        analysis.shutdownNow();
    }

    private final class PerSession implements StatementInspector {
        private final ClassifierSession session;
        private final SessionHolds holds;
        private final SessionHooks hooks;

        PerSession(ClassifierSession session, SessionHolds holds, SessionHooks hooks) {
            this.session = session;
            this.holds = holds;
            this.hooks = hooks;
        }

        @Override
        public CompletionStage<Decision> inspect(InspectedStatement statement) {
            switch (statement.kind()) {
                case FUNCTION_CALL:
                    return functionCall(statement);
                case BIND:
                    return holds.bind(statement);
                case CLOSE_STATEMENT:
                    holds.closed(statement.statementName());
                    return Decision.allowNow();
                default:
                    break;
            }
            CompletableFuture<Classification> c = session.classifyAsync(statement.sql(), analysis,
                    ANALYSIS_TIMEOUT_MILLIS);
            Classification now = c.getNow(null);
            // the cache answered: no future chain on the relay's hot path
            return now != null ? decide(statement, now) : c.thenCompose(later -> decide(statement, later));
        }

        private CompletionStage<Decision> decide(InspectedStatement statement, Classification c) {
            if (log.isDebugEnabled()) {
                log.debug("{} {} {} rules={}", statement.session().logPrefix(), statement.kind(), c.verdict().id(),
                        c.rules().stream().map(h -> h.rule().id()).toList());
            }
            // before any hold: an agent does not get to ask a human for what it may not do at all (a write while
            // read-only, a table outside its scope); it asks for that access instead
            CompletableFuture<Optional<PgError>> refusal = access.refusal(statement.session(), c);
            Optional<PgError> now = refusal.getNow(null);
            return now != null ? decide(statement, c, now) // no future chain on the hot path
                    : refusal.thenCompose(later -> decide(statement, c, later));
        }

        private CompletionStage<Decision> decide(InspectedStatement statement, Classification c,
                                                 Optional<PgError> refused) {
            if (refused.isPresent()) {
                audit.statementRefused(statement, c, refused.get().message());
                return CompletableFuture.completedFuture(Decision.refuse(refused.get()));
            }
            switch (c.verdict()) {
                case ALLOW:
                    if (!audit.admits()) {
                        return auditUnavailable();
                    }
                    hooks.allowed(statement, c);
                    if (statement.kind() == InspectedStatement.Kind.PARSE) {
                        holds.parsedSafe(statement.statementName());
                    }
                    return Decision.allowNow();
                case HOLD:
                    return holds.hold(statement, c);
                default:
                    PgError refusal = refusal(c);
                    audit.statementRefused(statement, c, refusal.message());
                    return CompletableFuture.completedFuture(Decision.refuse(refusal));
            }
        }

        /** Fast-path calls name functions by OID: recorded like statements, their text naming the OID. */
        private CompletionStage<Decision> functionCall(InspectedStatement statement) {
            // the large-object calls the fast path carries include writes (lowrite, lo_unlink): none for read-only
            // sessions, and none for scoped agents (an OID names no table)
            String agent = statement.session().agent();
            Decision d = access.scoped(agent)
                    ? Decision.refuse(ClientErrors.outsideTableScope(agent, "a fast-path function call names no table"))
                    : access.opensReadOnly(agent) ? Decision.refuse(ClientErrors.readOnlyAgent(agent, statement.sql()))
                    : FunctionCalls.decide(statement);
            if (!d.allowed()) {
                audit.statementRefused(statement, null, d.error().message());
                return CompletableFuture.completedFuture(d);
            }
            if (!audit.functionCallAllowed(statement)) {
                return auditUnavailable();
            }
            hooks.recordedApart(statement);
            return Decision.allowNow();
        }

        private CompletionStage<Decision> auditUnavailable() {
            return CompletableFuture.completedFuture(Decision.refuse(ClientErrors.auditUnavailable(
                    audit.unavailableReason())));
        }

        @Override
        public void serverParameter(String name, String value) {
            if (name.equals("standard_conforming_strings")) {
                session.standardConformingStrings(!value.equalsIgnoreCase("off"));
            }
        }

        @Override
        public boolean inspectsBinds() {
            return holds.inspectsBinds();
        }

        @Override
        public boolean cancel() {
            return holds.cancel();
        }

        @Override
        public void sessionClosed() {
            holds.sessionClosed();
        }
    }

    /** The first rule behind the verdict, and how many more fired: what the client's ErrorResponse says. */
    private static PgError refusal(Classification c) {
        RuleHit first = c.rules().stream().filter(h -> h.verdict() == c.verdict()).findFirst().orElseThrow();
        int others = c.rules().size() - 1;
        String reason = first.reason() + (others == 0 ? "" : " (and " + others + " more rule" + (others == 1 ? "" : "s")
                + ")");
        return ClientErrors.policyDenied(first.rule().id(), reason);
    }

}
