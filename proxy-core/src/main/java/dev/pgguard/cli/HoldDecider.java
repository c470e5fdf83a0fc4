package dev.pgguard.cli;

/** Decides holds; {@link AdminClient} does it over the admin API. */
interface HoldDecider {

    /** The hold as decided (its new state), or why this hold could not be decided. */
    HoldView approve(String id) throws AdminException, DecisionRefused;

    HoldView deny(String id, String reason) throws AdminException, DecisionRefused;
}
