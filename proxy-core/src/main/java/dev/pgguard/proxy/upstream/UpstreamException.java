package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.protocol.PgError;

/** The upstream could not be reached or refused pgguard; carries what the client is told. */
public final class UpstreamException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient PgError clientError;
    private final String kind;

    /**
     * @param logMessage  for the operator's log (may name the upstream user, never the password)
     * @param clientError for the agent (never names upstream credentials)
     * @param kind        metric label: upstream_unavailable, upstream_auth, upstream_refused
     */
    UpstreamException(String logMessage, PgError clientError, String kind, Throwable cause) {
        super(logMessage, cause);
        this.clientError = clientError;
        this.kind = kind;
    }

    public PgError clientError() {
        return clientError;
    }

    public String kind() {
        return kind;
    }
}
