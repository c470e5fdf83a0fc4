package dev.pgguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;

/**
 * {@code pgguard agent}: add, list and revoke agents. Each subcommand is a class of its own; this one only groups
 * them and holds the exit code of a refusal and how a file that cannot be written ends them.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Add, list and revoke the agents that may connect to pgguard.",
        subcommands = {AgentAddCommand.class, AgentListCommand.class, AgentRevokeCommand.class})
final class AgentCommand {

    /** add: the name is taken; revoke: no such agent, or one only an edit of the config file removes. */
    static final int REFUSED = 1;

    /** The agents file cannot be read or written (permissions, a full disk): 74, nothing changed. */
    static int ioFailure(CommandSpec spec, IOException e) {
        ManagedFileCommands.tell(spec, "pgguard: the agents file cannot be read or written, nothing was changed: "
                + AuditCommand.describe(e));
        return ExitCodes.IO;
    }
}
