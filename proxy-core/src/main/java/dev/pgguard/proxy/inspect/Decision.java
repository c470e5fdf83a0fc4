package dev.pgguard.proxy.inspect;

import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the session does with an inspected frame: forward it unchanged, or refuse it with an error the
 * client can read ({@link ClientErrors}: SQLSTATE, message and hint in PostgreSQL's terms).
 *
 * @param error the error the client receives; null when allowed
 */
public record Decision(boolean allowed, PgError error) {

    private static final Decision ALLOW = new Decision(true, null);
    private static final CompletionStage<Decision> ALLOW_NOW = CompletableFuture.completedFuture(ALLOW);

    public Decision {
        if (!allowed) {
            Objects.requireNonNull(error, "a refusal needs the error the client sees");
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
        return new Decision(false, error);
    }

    /** A refusal with an ERROR of this SQLSTATE, message and hint. */
    public static Decision refuse(String sqlState, String message, String hint) {
        return refuse(new PgError(PgError.ERROR, sqlState, message, null, hint));
    }
}
