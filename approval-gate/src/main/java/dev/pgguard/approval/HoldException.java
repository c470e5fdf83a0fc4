package dev.pgguard.approval;

/** An approve or deny that cannot be done: the hold is unknown, or was decided already. */
public final class HoldException extends Exception {

    public enum Reason { NOT_FOUND, ALREADY_DECIDED }

    private final Reason reason;

    HoldException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
