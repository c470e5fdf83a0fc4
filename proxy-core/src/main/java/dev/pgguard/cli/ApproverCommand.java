package dev.pgguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;

/**
 * {@code pgguard approver}: add, list and remove the named approvers. Each subcommand is a class of its own; this
 * one only groups them and holds what they share: the exit code of a refusal and how a failure to write ends them.
 */
@Command(name = "approver", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {"Add, list and remove the approvers: the humans who approve and deny holds and give write "
                + "grants, each with a token of their own (and, with --totp, a code from their phone)."},
        subcommands = {ApproverAddCommand.class, ApproverListCommand.class, ApproverRemoveCommand.class})
final class ApproverCommand {

    /** add: the name is taken, or the token file holds a token; remove: no such approver, or one the config defines. */
    static final int REFUSED = 1;

    private ApproverCommand() {
    }

    /** The approvers file was left as it was, because the configuration would not load with the edit: 78. */
    static int wouldNotLoad(CommandSpec spec, String what, CandidateConfig.WouldNotLoad e) {
        tell(spec, "pgguard: " + what + ", and nothing was written: with that change the configuration would not "
                + "load (the lines are those of the approvers file as it would have been).\n" + e.getMessage());
        return ExitCodes.CONFIG;
    }

    /** A file cannot be read or written (permissions, a full disk): 74. */
    static int ioFailure(CommandSpec spec, String what, IOException e) {
        tell(spec, "pgguard: " + what + ": " + AuditCommand.describe(e));
        return ExitCodes.IO;
    }

    /** A line on standard error: what went wrong, or what a human should know besides the command's output. */
    static void tell(CommandSpec spec, String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }
}
