package dev.pgguard.proxy.inspect;

import dev.pgguard.classifier.Classification;
import dev.pgguard.proxy.protocol.PgError;

/** What a session's inspector may ask of its session, besides deciding. Called on the session's event loop. */
public interface SessionHooks {

    /** Sends the client a NoticeResponse at the next frame boundary of what it is receiving. */
    void notice(PgError notice);

    /**
     * The inspector allowed this statement without a human: the session records it, with the database's answer,
     * once the frame has gone upstream and been answered.
     */
    void allowed(InspectedStatement statement, Classification classification);

    /**
     * This statement's decision went to the audit log on its own (a hold and its approval, a fast-path call):
     * once its frame has gone upstream, the database's answer is recorded as a {@code statement.outcome} naming it.
     * A decision neither {@link #allowed} nor recorded apart (a Bind or Close nothing needs) leaves no record.
     */
    void recordedApart(InspectedStatement statement);

    /** 'I' idle, 'T' in a transaction block, 'E' in a failed one, as of the last ReadyForQuery relayed. */
    byte transactionStatus();

    /**
     * Whether PostgreSQL may skip the frame being inspected: a Parse, Bind, Execute or Describe went upstream since
     * the last Sync, and if one of them fails the server discards every message up to the next Sync ("Extended
     * Query" in the protocol chapter of PostgreSQL's documentation).
     */
    boolean skippedIfEarlierFails();
}
