package dev.pgguard.proxy.relay;

import dev.pgguard.classifier.Classification;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.SessionInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Pairs what a session forwarded with what the database answered, for the audit log. The client side reports
 * each decision number as its frame goes upstream and each request that the database ends with ReadyForQuery;
 * the upstream side reports CommandComplete tags, the first error, and each ReadyForQuery.
 *
 * <p>A statement allowed without a human is recorded once, with its outcome, when the database has answered
 * ({@code statement.allowed} with tag, rows or error): one record instead of two on the hot path. Decisions
 * recorded on their own (a hold and its approval) get a {@code statement.outcome} record. Statements still
 * unanswered when the session ends are recorded then, without an outcome. Runs on the session's event loop.
 */
final class Outcomes {

    private final AuditTrail audit;
    private final SessionInfo session;
    /**
     * The first decision recorded on its own (an approved hold) forwarded since the last request the database
     * answers with ReadyForQuery, or 0: what the request's outcome record names.
     */
    private long firstRecordedApart;
    /** The allowed statements forwarded since then, recorded with the outcome. */
    private List<Allowed> allowedForwarded = new ArrayList<>();
    /** The statement the inspector just allowed, until its frame goes upstream. */
    private Allowed allowedNow;
    private long firstForwardNanos;
    /** Requests sent and not yet answered, in order. */
    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private final List<String> tags = new ArrayList<>();
    private String sqlState;
    private String message;

    private record Request(long readyForQuery, long recordedApart, List<Allowed> allowed, long startNanos) {
    }

    private record Allowed(InspectedStatement statement, Classification classification) {
    }

    Outcomes(AuditTrail audit, SessionInfo session) {
        this.audit = audit;
        this.session = session;
    }

    /**
     * The inspector allowed this statement; its frame goes upstream next. Called on the event loop, or on an
     * analysis thread when the statement needed a full parse: then the relay reads it only after the decision
     * came back through the event loop's queue, which orders the two.
     */
    void allowed(InspectedStatement statement, Classification classification) {
        if (audit.enabled()) {
            allowedNow = new Allowed(statement, classification);
        }
    }

    void forwarded(long decision) {
        if (!audit.enabled()) {
            return; // nothing to pair: no decision is tracked, so the upstream side decodes nothing either
        }
        if (firstRecordedApart == 0 && allowedForwarded.isEmpty()) {
            firstForwardNanos = System.nanoTime(); // the request's first decision: its duration starts here
        }
        Allowed a = allowedNow;
        allowedNow = null;
        if (a != null && a.statement().number() == decision) {
            allowedForwarded.add(a);
        } else if (firstRecordedApart == 0) {
            firstRecordedApart = decision;
        }
    }

    /** A Query, Sync or FunctionCall went upstream: it ends the request the decisions so far belong to. */
    void requestSent(long readyForQueryNumber) {
        if (firstRecordedApart != 0 || !allowedForwarded.isEmpty()) {
            requests.add(new Request(readyForQueryNumber, firstRecordedApart, allowedForwarded, firstForwardNanos));
            firstRecordedApart = 0;
            allowedForwarded = allowedForwarded.isEmpty() ? allowedForwarded : new ArrayList<>();
        }
    }

    boolean waiting() {
        return !requests.isEmpty();
    }

    void commandComplete(String tag) {
        tags.add(tag);
    }

    void error(String state, String text) {
        if (sqlState == null) {
            sqlState = state;
            message = text;
        }
    }

    void readyForQuery(long number) {
        Request head = requests.peek();
        if (head != null && head.readyForQuery() == number) {
            requests.poll();
            long took = System.nanoTime() - head.startNanos();
            List<String> answered = List.copyOf(tags);
            for (Allowed a : head.allowed()) {
                audit.statementAllowed(a.statement(), a.classification(), answered, sqlState, message, took);
            }
            if (head.recordedApart() != 0) {
                audit.outcome(session, head.recordedApart(), answered, sqlState, message, took);
            }
        }
        tags.clear();
        sqlState = null;
        message = null;
    }

    /** The session ended: statements forwarded and never answered are recorded now, without an outcome. */
    void sessionEnded() {
        List<Allowed> unanswered = new ArrayList<>(allowedForwarded);
        for (Request r : requests) {
            unanswered.addAll(r.allowed());
        }
        for (Allowed a : unanswered) {
            audit.statementAllowed(a.statement(), a.classification(), List.of(), null, null, -1);
        }
        requests.clear();
        allowedForwarded.clear();
    }
}
