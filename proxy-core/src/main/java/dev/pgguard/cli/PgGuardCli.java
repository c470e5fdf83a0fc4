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
        return new CommandLine(new PgGuardCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PgGuardCli.class.getPackage().getImplementationVersion();
            return new String[] {"pgguard " + (version == null ? "(development build)" : version)};
        }
    }
}
