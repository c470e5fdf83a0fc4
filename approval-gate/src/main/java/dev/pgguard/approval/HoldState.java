package dev.pgguard.approval;

/** Where a hold is in its life cycle (approval-gate/README.md); every state but PENDING is final. */
public enum HoldState {
    PENDING("pending"),
    APPROVED("approved"),
    DENIED("denied"),
    TIMED_OUT("timed_out"),
    WITHDRAWN("withdrawn");

    private final String id;

    HoldState(String id) {
        this.id = id;
    }

    /** The name the admin API and the CLI use. */
    public String id() {
        return id;
    }
}
