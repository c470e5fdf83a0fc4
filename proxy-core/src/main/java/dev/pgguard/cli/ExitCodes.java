package dev.pgguard.cli;

import dev.pgguard.classifier.Verdict;

/**
 * The exit codes of the commands: for {@code check} and {@code classify} 0-2 are verdicts, so a script can branch
 * on them; for {@code approve} and {@code deny} 1 means some id was not decided. Everything else takes a BSD
 * sysexits code, far from them.
 */
final class ExitCodes {

    /** Success of a command that has no verdict (classify at end of input). */
    static final int OK = 0;
    static final int ALLOW = 0;
    static final int HOLD = 1;
    static final int DENY = 2;
    /** approve/deny ID...: some id was not found or already decided (the others were still processed). */
    static final int NOT_ALL_DECIDED = 1;
    /** EX_USAGE: bad arguments. */
    static final int USAGE = 64;
    /** EX_UNAVAILABLE: the admin API cannot be reached (pgguard serve is not running, or not there). */
    static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: pgguard failed, not the input (a crash must never read as a verdict). */
    static final int SOFTWARE = 70;
    /** EX_IOERR: standard output went away. */
    static final int IO = 74;
    /** EX_NOPERM: no approver token, or the admin API refused it (401). */
    static final int NOPERM = 77;
    /** EX_CONFIG: the configuration file has problems. */
    static final int CONFIG = 78;

    private ExitCodes() {
    }

    static int of(Verdict verdict) {
        return switch (verdict) {
            case ALLOW -> ALLOW;
            case HOLD -> HOLD;
            case DENY -> DENY;
        };
    }
}
