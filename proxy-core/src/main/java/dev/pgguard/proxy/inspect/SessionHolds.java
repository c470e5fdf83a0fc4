package dev.pgguard.proxy.inspect;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldRequest;
import dev.pgguard.approval.HoldState;
import dev.pgguard.approval.StatementKey;
import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.Verdict;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.protocol.BindMessage;
import dev.pgguard.proxy.protocol.ClientErrors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's holds: parks a held message on the approval gate and turns the human's decision into the
 * relay's {@link Decision}; remembers which prepared statements were held, so that each later execution
 * (Bind) of one needs its own approval; withdraws what waits when the client cancels or leaves.
 *
 * <p>At most one hold waits at a time: the relay reads nothing more from the client while one does.
 */
final class SessionHolds {

    private static final Logger log = LoggerFactory.getLogger(SessionHolds.class);

    private final ApprovalGate gate;
    private final AuditTrail audit;
    private final SessionInfo info;
    private final SessionHooks hooks;
    /** Prepared statements whose verdict was hold → executions already approved and not yet bound. */
    private final PreparedNames<HeldStatement> heldStatements = new PreparedNames<>();
    private volatile Hold waiting;

    private static final class HeldStatement {
        final String sql;
        final Classification classification;
        int approvedExecutions;

        HeldStatement(String sql, Classification classification, int approvedExecutions) {
            this.sql = sql;
            this.classification = classification;
            this.approvedExecutions = approvedExecutions;
        }
    }

    SessionHolds(ApprovalGate gate, AuditTrail audit, SessionInfo info, SessionHooks hooks) {
        this.gate = gate;
        this.audit = audit;
        this.info = info;
        this.hooks = hooks;
    }

    /**
     * A Query, or a Parse, whose verdict is hold. An approved Parse also approves the first Bind of it, whose
     * parameters the approval binds to when the Bind came with the Parse. An approved SQL {@code PREPARE name AS
     * ...} approves no execution: SQL and protocol share one namespace of prepared statements, so a Bind of that
     * name waits for its own approval, as {@code EXECUTE name} does (rule execute-unseen-prepare).
     */
    CompletionStage<Decision> hold(InspectedStatement statement, Classification c) {
        CompletionStage<Decision> decision = park(statement, c, statement.bind());
        return decision.thenApply(d -> {
            if (d.allowed()) {
                for (ClassifiedStatement s : c.statements()) {
                    if (s.prepares() != null) {
                        heldStatements.defined(s.prepares(), new HeldStatement(s.sql(), c, 0));
                    }
                }
                if (statement.kind() == InspectedStatement.Kind.PARSE) {
                    heldStatements.defined(statement.statementName(), new HeldStatement(statement.sql(), c, 1));
                }
            }
            return d;
        });
    }

    /**
     * A Parse that was allowed: a held unnamed statement it replaces is no longer held; a held named one stays
     * held ({@link PreparedNames} has PostgreSQL's rules).
     */
    void parsedSafe(String name) {
        heldStatements.parsing(name);
    }

    /** A Close of prepared statement {@code name}: no longer held, if PostgreSQL surely runs the Close. */
    void closed(String name) {
        heldStatements.closed(name, !hooks.skippedIfEarlierFails());
    }

    boolean inspectsBinds() {
        return !heldStatements.isEmpty();
    }

    /** A Bind: of a held statement, each execution beyond the ones approved with its Parse waits again. */
    CompletionStage<Decision> bind(InspectedStatement statement) {
        BindMessage bind = statement.bind();
        HeldStatement held = heldStatements.get(bind.statement());
        if (held == null) {
            return Decision.allowNow();
        }
        if (held.approvedExecutions > 0) {
            held.approvedExecutions--;
            hooks.recordedApart(statement); // the approval on record covers this execution
            return Decision.allowNow();
        }
        return park(statement.withSql(held.sql), held.classification, bind);
    }

    private CompletionStage<Decision> park(InspectedStatement statement, Classification c, BindMessage bind) {
        String sql = statement.sql();
        StatementKey key = StatementKey.of(info.agent(), sql, bind == null ? List.of() : bind.values());
        if (gate.consumePreAuthorisation(key)) {
            log.info("{} statement passes on a late approval given for it", info.logPrefix());
            hooks.recordedApart(statement);
            return Decision.allowNow();
        }
        Hold hold = gate.open(new HoldRequest(info.agent(), info.database(), info.environment(), info.id(), info.clientAddress(), sql,
                bind == null ? List.of() : bind.displayValues(), c, hooks.transactionStatus() != 'I', key));
        waiting = hold;
        audit.statementHeld(statement, c, hold);
        RuleHit rule = firstHold(c);
        long timeoutSeconds = Duration.between(hold.createdAt(), hold.deadline()).toSeconds();
        hooks.notice(ClientErrors.holdNotice(hold.id(), rule.rule().id(), rule.reason(), sql, timeoutSeconds));
        // the decision is acted on only once its record is durable (or, fail-open, once writing it failed)
        return hold.outcome().thenCompose(state -> audit.holdEnded(statement, hold, state).handle((written, failed) -> {
            waiting = null;
            if (failed != null && state == HoldState.APPROVED && audit.failClosed()) {
                return Decision.refuse(ClientErrors.auditUnavailable(failed.getMessage()));
            }
            Decision d = decision(hold, state, rule, timeoutSeconds);
            if (d.allowed()) {
                hooks.recordedApart(statement);
            }
            return d;
        }));
    }

    private Decision decision(Hold hold, HoldState state, RuleHit rule, long timeoutSeconds) {
        return switch (state) {
            case APPROVED -> Decision.allow();
            case DENIED -> Decision.refuse(ClientErrors.holdDenied(hold.id(), rule.rule().id(), hold.decidedBy(),
                    hold.reason()));
            case TIMED_OUT -> Decision.refuse(ClientErrors.holdTimedOut(hold.id(), timeoutSeconds,
                    gate.config().lateApprovalWindow().toMinutes()));
            case WITHDRAWN, PENDING -> Decision.refuse(ClientErrors.holdCancelled(hold.id()));
        };
    }

    boolean cancel() {
        Hold hold = waiting;
        if (hold == null) {
            return false;
        }
        gate.withdraw(hold, "cancelled by the client");
        return true;
    }

    void sessionClosed() {
        Hold hold = waiting;
        if (hold != null) {
            gate.withdraw(hold, "the client disconnected");
        }
    }

    private static RuleHit firstHold(Classification c) {
        return c.rules().stream().filter(h -> h.verdict() == Verdict.HOLD).findFirst().orElseThrow();
    }
}
