package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;

/**
 * The upstream could not be reached or refused pgguard; carries what the client is told. Built by the factories
 * below, one per {@link #kind()}, so that each metric label goes with the client error it always comes with.
 */
public final class UpstreamException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient PgError clientError;
    private final String kind;

    /**
     * @param logMessage  for the operator's log (may name the upstream user, never the password)
     * @param clientError for the agent (never names upstream credentials)
     * @param kind        metric label: upstream_unavailable, upstream_auth, upstream_refused
     */
    private UpstreamException(String logMessage, PgError clientError, String kind, Throwable cause) {
        super(logMessage, cause);
        this.clientError = clientError;
        this.kind = kind;
    }

    /** The upstream cannot be used, for a reason fit for both the log and the client. */
    static UpstreamException unavailable(String reason) {
        return unavailable(reason, reason, null);
    }

    static UpstreamException unavailable(String logMessage, String clientReason, Throwable cause) {
        return new UpstreamException(logMessage, ClientErrors.upstreamUnavailable(clientReason),
                "upstream_unavailable", cause);
    }

    /** pgguard's own credentials did not do: the client learns only that, never the upstream's words. */
    static UpstreamException loginFailed(String logMessage) {
        return new UpstreamException(logMessage, ClientErrors.upstreamLoginFailed(), "upstream_auth", null);
    }

    /** The upstream refused the session for a reason the client may read (too many connections, no database). */
    static UpstreamException refused(String logMessage, PgError clientError) {
        return new UpstreamException(logMessage, clientError, "upstream_refused", null);
    }

    /** The innermost cause's message: what a failed connect or TLS handshake tells a client. */
    static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public PgError clientError() {
        return clientError;
    }

    public String kind() {
        return kind;
    }
}
