package dev.pgguard.audit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every event the audit log records (the {@code "event"} field of schema v1), with its default durability. The
 * list, the fields each event carries and what they mean are in audit-log/README.md; a new event is added here
 * and there, never elsewhere.
 *
 * <p>The {@code audit.*} events are written by the {@link AuditWriter} itself and cannot be appended by callers:
 * the verifier trusts {@code audit.recovered} to explain a torn line, so nothing else may forge one.
 */
public enum AuditEvent {
    /** A client connected (before authentication). */
    SESSION_OPENED("session.opened", Durability.BATCHED),
    /** The client authenticated as an agent; the session relays from now on. */
    SESSION_AUTHENTICATED("session.authenticated", Durability.BATCHED),
    /** The session was refused before it relayed anything: authentication failed, unknown agent, bad startup. */
    SESSION_REFUSED("session.refused", Durability.BATCHED),
    /** The session ended, for whatever reason (see {@code reason}). */
    SESSION_CLOSED("session.closed", Durability.BATCHED),

    /** A statement (or message) was forwarded without a human. */
    STATEMENT_ALLOWED("statement.allowed", Durability.BATCHED),
    /** A statement was refused by policy outright (no hold): the client got an error, nothing went upstream. */
    STATEMENT_REFUSED("statement.refused", Durability.BATCHED),
    /** A statement was parked until a human decides. Durable: the hold must be on record before it is shown. */
    STATEMENT_HELD("statement.held", Durability.DURABLE),
    /** A human approved a hold; the proxy forwards the held bytes only once this is durable. */
    HOLD_APPROVED("hold.approved", Durability.DURABLE),
    /** A human denied a hold. */
    HOLD_DENIED("hold.denied", Durability.DURABLE),
    /** Nobody decided in time; the client got 57014. */
    HOLD_TIMED_OUT("hold.timed_out", Durability.DURABLE),
    /** The hold ended without a decision: the client cancelled, disconnected or withdrew the statement. */
    HOLD_CANCELLED("hold.cancelled", Durability.DURABLE),
    /** What the database answered to a forwarded statement: CommandComplete (tag, rows) or an error. */
    STATEMENT_OUTCOME("statement.outcome", Durability.BATCHED),

    /** An approver gave an agent write access for a time ({@code pgguard grant}); the agent's sessions restart. */
    GRANT_STARTED("grant.started", Durability.DURABLE),
    /** A grant ended: it expired, or an approver revoked it. */
    GRANT_ENDED("grant.ended", Durability.DURABLE),
    /** A reload put new agents in force; names the agents added, and those whose access was revoked or changed. */
    AGENTS_CHANGED("agents.changed", Durability.DURABLE),

    /** The writer started; the first record of every run (after {@code audit.recovered}, if any). */
    AUDIT_OPENED("audit.opened", Durability.DURABLE),
    /** The previous run left a torn tail; this record names its bytes and the chain resumes here. */
    AUDIT_RECOVERED("audit.recovered", Durability.DURABLE),
    /** The first record of a new file: the previous file was rotated (by size or day) and is named here. */
    AUDIT_ROTATED("audit.rotated", Durability.DURABLE),
    /** Writing works again after a failure; says since when it failed, why, and how many appends were refused. */
    AUDIT_RESUMED("audit.resumed", Durability.DURABLE),
    /** A clean shutdown: the last record of a run. A log that does not end with it was cut short. */
    AUDIT_CLOSED("audit.closed", Durability.DURABLE);

    private static final Map<String, AuditEvent> BY_ID =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(AuditEvent::id, Function.identity()));

    private final String id;
    private final Durability durability;

    AuditEvent(String id, Durability durability) {
        this.id = id;
        this.durability = durability;
    }

    /** The name written in the {@code "event"} field. */
    public String id() {
        return id;
    }

    /** The durability a record of this event gets unless its builder says otherwise. */
    public Durability defaultDurability() {
        return durability;
    }

    /** True for the {@code audit.*} events, which only the writer writes. */
    public boolean writerOnly() {
        return id.startsWith("audit.");
    }

    public static Optional<AuditEvent> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
