package dev.pgguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;

/**
 * {@code pgguard approver}: add, list and remove the named approvers. Each subcommand is a class of its own; this
 * one only groups them and holds the exit code of a refusal and how a failure to write ends them.
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

    /** A file cannot be read or written (permissions, a full disk): 74. */
    static int ioFailure(CommandSpec spec, String what, IOException e) {
        ManagedFileCommands.tell(spec, "pgguard: " + what + ": " + AuditCommand.describe(e));
        return ExitCodes.IO;
    }
}
