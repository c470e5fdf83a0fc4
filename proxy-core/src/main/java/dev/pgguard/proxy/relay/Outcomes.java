package dev.pgguard.proxy.relay;

import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.proxy.inspect.SessionInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Pairs what a session forwarded with what the database answered, for the audit log's outcome records. The
 * client side reports each decision number as its frame goes upstream and each request that the database ends
 * with ReadyForQuery; the upstream side reports CommandComplete tags, the first error, and each ReadyForQuery.
 * One outcome record per request that carried a decision. Runs on the session's event loop only.
 */
final class Outcomes {

    private final AuditTrail audit;
    private final SessionInfo session;
    /** Decisions forwarded since the last request that the database answers with ReadyForQuery. */
    private List<Long> forwarded = new ArrayList<>();
    private long firstForwardNanos;
    /** Requests sent and not yet answered, in order. */
    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private final List<String> tags = new ArrayList<>();
    private String sqlState;
    private String message;

    private record Request(long readyForQuery, List<Long> decisions, long startNanos) {
    }

    Outcomes(AuditTrail audit, SessionInfo session) {
        this.audit = audit;
        this.session = session;
    }

    void forwarded(long decision) {
        if (!audit.enabled()) {
            return; // nothing to pair: no decision is tracked, so the upstream side decodes nothing either
        }
        if (forwarded.isEmpty()) {
            firstForwardNanos = System.nanoTime();
        }
        forwarded.add(decision);
    }

    /** A Query, Sync or FunctionCall went upstream: it ends the request the decisions so far belong to. */
    void requestSent(long readyForQueryNumber) {
        if (!forwarded.isEmpty()) {
            requests.add(new Request(readyForQueryNumber, forwarded, firstForwardNanos));
            forwarded = new ArrayList<>();
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
            audit.outcome(session, head.decisions(), List.copyOf(tags), sqlState, message,
                    System.nanoTime() - head.startNanos());
        }
        tags.clear();
        sqlState = null;
        message = null;
    }
}
