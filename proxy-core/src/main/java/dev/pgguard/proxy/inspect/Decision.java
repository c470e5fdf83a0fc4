package dev.pgguard.proxy.inspect;

import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the session does with an inspected frame: forward it unchanged, or refuse it with an error the
 * client can read (SQLSTATE and message in PostgreSQL's terms).
 */
public record Decision(boolean allowed, String sqlState, String message, String hint) {

    private static final Decision ALLOW = new Decision(true, null, null, null);
    private static final CompletionStage<Decision> ALLOW_NOW = CompletableFuture.completedFuture(ALLOW);

    public Decision {
        if (!allowed) {
            Objects.requireNonNull(sqlState, "a refusal needs a SQLSTATE");
            Objects.requireNonNull(message, "a refusal needs a message");
        }
    }

    public static Decision allow() {
        return ALLOW;
    }

    /** An already-completed allow, shared so that the fast path allocates nothing. */
    public static CompletionStage<Decision> allowNow() {
        return ALLOW_NOW;
    }

    /** A refusal with one of the errors of {@link ClientErrors}. */
    public static Decision refuse(PgError error) {
        return refuse(error.sqlState(), error.message(), error.hint());
    }

    public static Decision refuse(String sqlState, String message, String hint) {
        return new Decision(false, sqlState, message, hint);
    }
}
