package dev.pgguard.approval;

import java.util.Locale;

/** Where a hold is in its life cycle (approval-gate/README.md); every state but PENDING is final. */
public enum HoldState {
    PENDING,
    APPROVED,
    DENIED,
    TIMED_OUT,
    WITHDRAWN;

    /** The name the admin API and the CLI use: lower case ({@code timed_out}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
