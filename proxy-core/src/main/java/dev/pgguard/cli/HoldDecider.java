package dev.pgguard.cli;

/** Decides holds; {@link AdminClient} does it over the admin API. */
interface HoldDecider {

    /**
     * The hold as decided (its new state), or why this hold could not be decided.
     *
     * @param totp the approver's current TOTP code, or null to send none (the API says when one is needed)
     */
    HoldView approve(String id, String totp) throws AdminException, DecisionRefused, TotpRequired;

    HoldView deny(String id, String reason, String totp) throws AdminException, DecisionRefused, TotpRequired;
}
