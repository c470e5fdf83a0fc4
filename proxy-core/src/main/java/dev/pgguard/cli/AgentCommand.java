package dev.pgguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;

/**
 * {@code pgguard agent}: add, list and revoke agents. Each subcommand is a class of its own; this one only groups
 * them and holds what they share: the exit code of a refusal and how a file that cannot be written ends them.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Add, list and revoke the agents that may connect to pgguard.",
        subcommands = {AgentAddCommand.class, AgentListCommand.class, AgentRevokeCommand.class})
final class AgentCommand {

    /** add: the name is taken; revoke: no such agent, or one only an edit of the config file removes. */
    static final int REFUSED = 1;

    /** The agents file was left as it was, because the configuration would not load with the edit: 78. */
    static int wouldNotLoad(CommandSpec spec, String what, CandidateConfig.WouldNotLoad e) {
        spec.commandLine().getErr().println("pgguard: " + what + ", and nothing was written: with that change the "
                + "configuration would not load (the lines are those of the agents file as it would have been).\n"
                + e.getMessage());
        spec.commandLine().getErr().flush();
        return ExitCodes.CONFIG;
    }

    /** The agents file cannot be read or written (permissions, a full disk): 74, nothing changed. */
    static int ioFailure(CommandSpec spec, IOException e) {
        spec.commandLine().getErr().println("pgguard: the agents file cannot be read or written, nothing was changed: "
                + AuditCommand.describe(e));
        spec.commandLine().getErr().flush();
        return ExitCodes.IO;
    }

    /** A line for the human on standard error, which standard output's redirection does not swallow. */
    static void tell(CommandSpec spec, String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }
}
