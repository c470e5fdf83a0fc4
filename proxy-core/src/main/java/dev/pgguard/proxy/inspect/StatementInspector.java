package dev.pgguard.proxy.inspect;

import java.util.concurrent.CompletionStage;

/**
 * The one place every statement an agent sends passes through before it reaches the database: Query,
 * Parse and FunctionCall frames, and Bind frames of statements it asked to see ({@link #inspectsBinds}).
 * The classifier (sql-classifier) and the approval gate plug in here.
 *
 * <p>Called on the session's event loop: an implementation must not block. A decision that needs time
 * (a large parse, a human approval) is returned as an incomplete stage; the session stops reading from
 * the client until it completes and resumes on its own event loop.
 */
@FunctionalInterface
public interface StatementInspector {

    CompletionStage<Decision> inspect(InspectedStatement statement);

    /**
     * The inspector for one new session, called once when the session starts relaying. Inspectors that keep
     * per-session state (the classifier's prepared statements, the session's holds) return a fresh one.
     */
    default StatementInspector forSession(SessionInfo session, SessionHooks hooks) {
        return this;
    }

    /**
     * A setting the server reported (ParameterStatus), in the greeting and whenever it changes; called on the
     * session's event loop. {@code standard_conforming_strings} changes how SQL must be tokenized.
     */
    default void serverParameter(String name, String value) {
    }

    /**
     * Whether Bind and Close frames must be inspected too: true while a prepared statement of this session was
     * held, since each execution of it needs its own approval. False keeps them off the hot path.
     */
    default boolean inspectsBinds() {
        return false;
    }

    /** The client sent a CancelRequest: withdraw what waits on a human; true if something was withdrawn. */
    default boolean cancel() {
        return false;
    }

    /** The session is gone: nothing of it may wait any longer. */
    default void sessionClosed() {
    }
}
