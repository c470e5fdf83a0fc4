package dev.pgguard.proxy.protocol;

/** A client broke the protocol; carries the error the client is told before its session closes. */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PgError error;

    public ProtocolException(PgError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public PgError error() {
        return error;
    }
}
