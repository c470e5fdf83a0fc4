package dev.pgguard.cli;

import dev.pgguard.classifier.Verdict;

/**
 * The exit codes of {@code check} and {@code classify}: 0-2 are verdicts, so a script can branch on them;
 * everything that is not a verdict takes a BSD sysexits code, far from them.
 */
final class ExitCodes {

    /** Success of a command that has no verdict (classify at end of input). */
    static final int OK = 0;
    static final int ALLOW = 0;
    static final int HOLD = 1;
    static final int DENY = 2;
    /** EX_USAGE: bad arguments. */
    static final int USAGE = 64;
    /** EX_SOFTWARE: pgguard failed, not the input (a crash must never read as a verdict). */
    static final int SOFTWARE = 70;
    /** EX_IOERR: standard output went away. */
    static final int IO = 74;
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
