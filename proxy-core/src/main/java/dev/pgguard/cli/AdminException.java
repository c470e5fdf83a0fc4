package dev.pgguard.cli;

/**
 * The admin API cannot be used at all (not reachable, token missing or refused, a bad URL): the command stops and
 * exits with {@link #exitCode()}. The message is the whole story, for one line on standard error; it never
 * contains the token.
 */
final class AdminException extends Exception {

    private final int exitCode;

    AdminException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
