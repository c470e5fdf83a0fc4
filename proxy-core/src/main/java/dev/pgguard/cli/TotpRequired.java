package dev.pgguard.cli;

/**
 * The admin API wants the approver's TOTP code with this decision: none was sent (401), or the one sent was
 * wrong, stale or used already (403). Nothing was decided; the same request with a good code goes through.
 */
final class TotpRequired extends Exception {

    /** The header a decision carries its code in, and in which the API says which of the two this is. */
    static final String HEADER = "X-PgGuard-TOTP";

    private final boolean refused;

    /** @param message the API's own words, which name the approver and say what was wrong with a code */
    TotpRequired(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /** Whether a code was sent and refused (else none was sent). */
    boolean refused() {
        return refused;
    }
}
