package dev.pgguard.approval.totp;

/** What {@link Totp#verify} made of a code, with a reason the approver can act on when it was refused. */
public enum TotpResult {

    ACCEPTED("accepted"),
    /** Not six ASCII digits: a typo, or the wrong field. */
    MALFORMED("a TOTP code is 6 digits"),
    /** Not the code of the current 30-second step, nor of the one before or after. */
    WRONG("wrong TOTP code (is the clock of this machine or of the phone off?)"),
    /**
     * The code of a step at or before the last one accepted for this approver: the same code again (perhaps read
     * off the screen by someone else), or an older one.
     */
    STALE("this TOTP code, or a newer one, was already used; wait for the next code");

    private final String reason;

    TotpResult(String reason) {
        this.reason = reason;
    }

    public boolean accepted() {
        return this == ACCEPTED;
    }

    /** One line for the admin API's answer. */
    public String reason() {
        return reason;
    }
}
