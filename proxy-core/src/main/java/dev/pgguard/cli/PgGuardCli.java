package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/** The {@code pgguard} command. Each subcommand is a class of its own. */
@Command(name = "pgguard", mixinStandardHelpOptions = true, versionProvider = PgGuardCli.Version.class,
        description = "A PostgreSQL wire-protocol guard for AI coding agents.",
        subcommands = {ServeCommand.class, CheckCommand.class, ClassifyCommand.class, ConfigCommand.class,
                PendingCommand.class, ApproveCommand.class, DenyCommand.class, AuditCommand.class, AgentCommand.class,
                ApproverCommand.class, GrantCommand.class, GrantsCommand.class,
                CommandLine.HelpCommand.class})
public final class PgGuardCli {

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        // picocli's default writer goes through System.out, a PrintStream that swallows write errors: classify
        // would never learn that its reader has gone. A writer on the file descriptor itself reports them.
        Charset charset = Optional.ofNullable(System.getProperty("sun.stdout.encoding")).map(Charset::forName)
                .orElse(Charset.defaultCharset()); // what System.out itself encodes with
        cl.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), true));
        System.exit(cl.execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new PgGuardCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // A failure a user can act on gets one line, not a stack trace (which goes to the log at DEBUG).
                    commandLine.getErr().println("pgguard: " + describe(e));
                    org.slf4j.LoggerFactory.getLogger(PgGuardCli.class).debug("command failed", e);
                    if (e instanceof ConfigException) {
                        return ExitCodes.CONFIG;
                    }
                    if (e instanceof AdminException admin) { // the admin API could not be used: 69, 77, ...
                        return admin.exitCode();
                    }
                    // Each command says what a failure exits with: for check, 1 would read as the verdict "hold".
                    return commandLine.getCommandSpec().exitCodeOnExecutionException();
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
