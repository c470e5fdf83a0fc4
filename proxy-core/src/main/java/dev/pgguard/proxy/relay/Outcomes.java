package dev.pgguard.proxy.relay;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.PreparedNames;
import dev.pgguard.proxy.inspect.SessionInfo;
import dev.pgguard.proxy.protocol.BindMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pairs what a session forwarded with what the database answered, for the audit log. The client side reports
 * each decision number as its frame goes upstream and each request that the database ends with ReadyForQuery;
 * the upstream side reports CommandComplete tags, the first error, and each ReadyForQuery.
 *
 * <p>A statement allowed without a human is recorded once, with its outcome, when the database has answered
 * ({@code statement.allowed} with tag, rows or error): one record instead of two on the hot path. Decisions
 * recorded on their own (a hold and its approval, a fast-path call: {@link #recordedApart}) get a
 * {@code statement.outcome} record; any other decision (a Bind or Close nothing needs) none. Statements still
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
    /** The allowed statements forwarded since then, recorded with the outcome (reused: copied per request). */
    private final List<Allowed> allowedForwarded = new ArrayList<>();
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

    /** A request the database has answered, to record once its answer is on its way to the client. */
    private record Answered(Request request, List<String> tags, String sqlState, String message, long tookNanos) {
    }

    /** Answered in the read being relayed: recorded by {@link #recordAnswered}, after the client's flush. */
    private final List<Answered> answered = new ArrayList<>();

    private record Allowed(InspectedStatement statement, Classification classification) {
    }

    /**
     * Statements prepared by an allowed Parse or SQL {@code PREPARE}, by name: each later execution (a Bind) is
     * recorded as a {@code statement.allowed} of its own, with the preparing statement's SQL and classification,
     * so that a prepared statement run a thousand times is on record a thousand times; what a name runs follows
     * PostgreSQL's rules ({@link PreparedNames}).
     */
    private final PreparedNames<Allowed> prepared = new PreparedNames<>();
    /**
     * Names parsed in the request being sent: the first Bind of such a name is the execution the Parse's own
     * record stands for (drivers send Parse, Bind, Execute, Sync together), so it is not recorded twice.
     */
    private final Set<String> parsedInRequest = new HashSet<>();
    /** The decision just recorded apart ({@link #recordedApart}), until its frame goes upstream; 0: none. */
    private long recordedApartNow;

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
            if (statement.kind() == InspectedStatement.Kind.PARSE) {
                prepared.defined(statement.statementName(), allowedNow);
                parsedInRequest.add(statement.statementName());
            }
            List<ClassifiedStatement> statements = classification.statements();
            for (int i = 0; i < statements.size(); i++) { // indexed: this runs for every allowed statement
                String name = statements.get(i).prepares();
                if (name != null) {
                    prepared.defined(name, allowedNow); // SQL PREPARE: a protocol Bind can run it by this name
                }
            }
        }
    }

    /** A decision recorded on its own (an approved hold, a fast-path call); its frame goes upstream next. */
    void recordedApart(long number) {
        if (audit.enabled()) {
            recordedApartNow = number;
        }
    }

    /** Whether the relay reports Binds and Closes ({@link #bound}, {@link #forgotten}): only with an audit log. */
    boolean recordsExecutions() {
        return audit.enabled();
    }

    /**
     * A Parse of {@code name} is being inspected: it drops the unnamed statement, whatever its verdict (a refused
     * one goes upstream as a failing stand-in); an allowed Parse then defines it.
     */
    void parsing(String name) {
        prepared.parsing(name);
    }

    /** A Close of prepared statement {@code name}; {@code surely}: the server cannot skip it. */
    void forgotten(String name, boolean surely) {
        prepared.closed(name, surely);
    }

    /**
     * A Bind, number {@code number}, goes upstream next (then {@link #forwarded}): an execution of a statement an
     * allowed Parse prepared is recorded like an allowed statement, unless its Parse came in the same request. A
     * held statement's executions are recorded by its hold, and a statement pgguard did not see prepared is
     * refused by PostgreSQL (26000), which the request's outcome shows.
     */
    void bound(String portal, String statement, long number) {
        Allowed parse = prepared.get(statement);
        if (parse == null || parsedInRequest.remove(statement)) {
            return;
        }
        BindMessage names = new BindMessage(portal, statement, List.of(), List.of()); // only its names are read
        allowedNow = new Allowed(InspectedStatement.bind(number, names, parse.statement().sql(), session),
                parse.classification());
    }

    void forwarded(long decision) {
        if (!audit.enabled()) {
            return; // nothing to pair: no decision is tracked, so the upstream side decodes nothing either
        }
        Allowed a = allowedNow;
        allowedNow = null;
        long apart = recordedApartNow;
        recordedApartNow = 0;
        // a decision on record apart (an approved execution of a held statement) is never also recorded as
        // allowed, whatever bound() took the Bind for
        boolean isApart = apart == decision;
        boolean paired = !isApart && a != null && a.statement().number() == decision;
        if (!paired && !isApart) {
            return; // nothing on record to pair with an answer
        }
        if (firstRecordedApart == 0 && allowedForwarded.isEmpty()) {
            firstForwardNanos = System.nanoTime(); // the request's first decision: its duration starts here
        }
        if (paired) {
            allowedForwarded.add(a);
        } else if (firstRecordedApart == 0) {
            firstRecordedApart = decision;
        }
    }

    /** A Query, Sync or FunctionCall went upstream: it ends the request the decisions so far belong to. */
    void requestSent(long readyForQueryNumber) {
        parsedInRequest.clear();
        if (firstRecordedApart != 0 || !allowedForwarded.isEmpty()) {
            // List.copyOf: nearly every request holds one statement, a one-element list without a backing array
            requests.add(new Request(readyForQueryNumber, firstRecordedApart, List.copyOf(allowedForwarded),
                    firstForwardNanos));
            firstRecordedApart = 0;
            allowedForwarded.clear();
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
            answered.add(new Answered(head, List.copyOf(tags), sqlState, message,
                    System.nanoTime() - head.startNanos()));
        }
        tags.clear();
        sqlState = null;
        message = null;
    }

    /**
     * Records the requests answered since the last call. The relay calls it once the answers are flushed to the
     * client: building and queueing the records then never delays an answer (measured under pgbench: doing it
     * before the flush put the audit log's work on every round trip's critical path).
     */
    void recordAnswered() {
        for (int i = 0; i < answered.size(); i++) {
            Answered a = answered.get(i);
            Request r = a.request();
            for (Allowed s : r.allowed()) {
                audit.statementAllowed(s.statement(), s.classification(), a.tags(), a.sqlState(), a.message(),
                        a.tookNanos());
            }
            if (r.recordedApart() != 0) {
                audit.outcome(session, r.recordedApart(), a.tags(), a.sqlState(), a.message(), a.tookNanos());
            }
        }
        answered.clear();
    }

    /** The session ended: statements forwarded and never answered are recorded now, without an outcome. */
    void sessionEnded() {
        recordAnswered();
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
