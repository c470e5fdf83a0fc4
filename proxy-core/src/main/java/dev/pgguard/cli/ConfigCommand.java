package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.PgGuardConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pgguard config check}: reads the configuration as {@code serve} would, reports every problem with its
 * YAML path and line (exit 78, through the shared handler), or prints the effective configuration — defaults
 * filled in, secrets and SCRAM keys masked — and exits 0.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with pgguard's configuration file.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = ExitCodes.USAGE,
            exitCodeOnExecutionException = ExitCodes.SOFTWARE,
            description = {"Validate the configuration as pgguard serve would read it and print the effective "
                    + "configuration, secrets masked."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the configuration is valid (printed, secrets masked)", "64:usage error",
                    "78:configuration error (every problem listed with its YAML path and line)"})
    static final class Check implements Callable<Integer> {

        @Mixin
        ConfigFile config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws ConfigException {
            PgGuardConfig loaded = config.load();
            spec.commandLine().getOut().print(loaded.describe());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
