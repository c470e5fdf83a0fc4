package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code pgguard pending}: the statements waiting for a human, oldest first. */
@Command(name = "pending", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "List the statements waiting for approval (ask the admin API of a running pgguard serve).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when none is waiting)", "64:usage error",
                "69:the admin API cannot be reached", "77:no approver token, or it was refused",
                "78:configuration error"})
final class PendingCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print the admin API's answer as it is: {\"holds\": [...]}")
    private boolean json;

    @Mixin
    AdminOptions admin;

    /** Whether standard output is a terminal, the environment and the home directory; tests replace them. */
    boolean terminal = System.console() != null;
    UnaryOperator<String> env = System::getenv;
    Path home = Path.of(System.getProperty("user.home"));

    @Override
    public Integer call() throws IOException, ConfigException, AdminException {
        String body = admin.client(env, home).pendingJson();
        List<HoldView> holds = HoldJson.holds(body); // read even for --json: a broken answer is an error
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? body.strip() + "\n" : new PendingTable(Ansi.of(terminal, env)).render(holds));
        out.flush();
        return ExitCodes.OK;
    }
}
