package dev.pgguard.proxy.admin;

import dev.pgguard.approval.totp.TotpSecret;
import java.util.Optional;

/**
 * Who sent an admin request, as the credential says: a named approver (whose name is what the audit records), or
 * whoever holds the shared approver token (who can only say who they are, unverified).
 *
 * @param name the approver's name; null for the shared token
 * @param totp the approver's TOTP secret when their decisions need the code from their phone
 */
record Caller(String name, Optional<TotpSecret> totp) {

    private static final String SHARED_SUFFIX = " (shared token)";

    static Caller shared() {
        return new Caller(null, Optional.empty());
    }

    boolean named() {
        return name != null;
    }

    /**
     * The name a decision is recorded under. A named approver is who their token says, whatever the request
     * claims; with the shared token the request's own {@code "approver"} is all there is, so the record says
     * that it was not a named credential.
     */
    String decidedBy(String declared) {
        if (named()) {
            return name;
        }
        String who = declared == null || declared.isBlank() ? "an approver" : declared.strip();
        return who + SHARED_SUFFIX;
    }
}
