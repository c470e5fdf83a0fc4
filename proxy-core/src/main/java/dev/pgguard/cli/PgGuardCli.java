package dev.pgguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pgguard} command. Each subcommand is a class of its own. */
@Command(name = "pgguard", mixinStandardHelpOptions = true, versionProvider = PgGuardCli.Version.class,
        description = "A PostgreSQL wire-protocol guard for AI coding agents.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class PgGuardCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new PgGuardCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // A failure a user can act on gets one line, not a stack trace (which goes to the log at DEBUG).
                    commandLine.getErr().println("pgguard: " + describe(e));
                    org.slf4j.LoggerFactory.getLogger(PgGuardCli.class).debug("command failed", e);
                    return 1;
                });
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append(": ").append(cause.getMessage());
        }
        return message.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PgGuardCli.class.getPackage().getImplementationVersion();
            return new String[] {"pgguard " + (version == null ? "(development build)" : version)};
        }
    }
}
