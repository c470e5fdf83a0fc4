package dev.pgguard.cli;

import picocli.CommandLine.Model.CommandSpec;

/** What the admin API's commands share: how a failure to use the API ends them. */
final class AdminCommands {

    private AdminCommands() {
    }

    /** One line on standard error and the failure's own exit code (69, 77, ...), not a stack trace. */
    static int fail(CommandSpec spec, AdminException e) {
        spec.commandLine().getErr().println("pgguard: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return e.exitCode();
    }
}
