package dev.pgguard.proxy.auth;

import java.util.Objects;

/**
 * A SCRAM exchange that cannot go on. The message is fit for a log and for the peer: it never holds the
 * password, a key, a proof or a signature, only which rule the message broke.
 */
public final class ScramException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Lets the session pick the SQLSTATE PostgreSQL would send for the same failure. */
    public enum Kind {
        /** Malformed or out-of-order message, unsupported mechanism or channel binding: 08P01. */
        PROTOCOL_VIOLATION,
        /** Well-formed exchange but the proof (or the server's signature, or an "e=" reply) says no: 28P01. */
        AUTHENTICATION_FAILED
    }

    private final Kind kind;

    public ScramException(Kind kind, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A protocol violation, the common case. */
    public ScramException(String message) {
        this(Kind.PROTOCOL_VIOLATION, message);
    }

    public Kind kind() {
        return kind;
    }
}
