package dev.pgguard.cli;

import picocli.CommandLine.Model.CommandSpec;

/** What {@code pgguard agent} and {@code pgguard approver} share: how they speak to the human on standard error. */
final class ManagedFileCommands {

    private ManagedFileCommands() {
    }

    /** The managed file was left as it was, because the configuration would not load with the edit: 78. */
    static int wouldNotLoad(CommandSpec spec, ManagedFile kind, String what, CandidateConfig.WouldNotLoad e) {
        tell(spec, "pgguard: " + what + ", and nothing was written: with that change the configuration would not "
                + "load (the lines are those of the " + kind.description() + " as it would have been).\n"
                + e.getMessage());
        return ExitCodes.CONFIG;
    }

    /**
     * A line on standard error, which standard output's redirection does not swallow: what went wrong, or what a
     * human should know besides the command's output.
     */
    static void tell(CommandSpec spec, String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }
}
