package dev.pgguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * {@code pgguard audit}: read and check the audit log (audit-log/README.md). Each subcommand is a class of its
 * own; this one only groups them and holds what they share: the exit codes beyond {@link ExitCodes} and how a
 * log that cannot be found or read ends them.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Read and verify the audit log.",
        subcommands = {AuditTailCommand.class, AuditShowCommand.class, AuditVerifyCommand.class})
final class AuditCommand {

    /** verify: the chain is broken; show: nothing matches. */
    static final int BROKEN = 1;
    static final int NOT_FOUND = 1;
    /** EX_NOINPUT: no audit files where the log should be. */
    static final int NO_INPUT = 66;

    /** One line on standard error for a log that is not there: 66. */
    static int noLog(CommandSpec spec, Path directory) {
        spec.commandLine().getErr().println("pgguard: no audit log in " + directory
                + " (no audit.jsonl or audit-<time>.jsonl there)");
        spec.commandLine().getErr().flush();
        return NO_INPUT;
    }

    /** One line on standard error for a log that cannot be read: 74. */
    static int unreadable(CommandSpec spec, IOException e) {
        spec.commandLine().getErr().println("pgguard: cannot read the audit log: " + describe(e));
        spec.commandLine().getErr().flush();
        return ExitCodes.IO;
    }

    /** An I/O failure in words: the JDK's messages for these are only the path. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file";
        }
        if (e instanceof NotDirectoryException) {
            return e.getMessage() + ": not a directory";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
