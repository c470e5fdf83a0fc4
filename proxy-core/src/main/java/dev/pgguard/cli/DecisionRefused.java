package dev.pgguard.cli;

/**
 * The admin API would not decide this one hold or grant (404 unknown or long gone, 409 already decided, 400 what
 * was asked cannot be): the others can still be decided, so this is reported per id rather than stopping the
 * command.
 */
final class DecisionRefused extends Exception {

    private final String id;
    private final int status;

    DecisionRefused(String id, int status, String message) {
        super(message);
        this.id = id;
        this.status = status;
    }

    String id() {
        return id;
    }

    int status() {
        return status;
    }
}
