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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code pgguard grants}: the live write grants, soonest to expire first. */
@Command(name = "grants", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "List the live write grants (ask the admin API of a running pgguard serve).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when there is none)", "64:usage error",
                "69:the admin API cannot be reached", "77:no approver token, or it was refused",
                "78:configuration error"})
final class GrantsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print the admin API's answer as it is: {\"grants\": [...]}")
    private boolean json;

    @Mixin
    AdminOptions admin;

    /** The environment, the home directory and the clock; tests replace them. */
    UnaryOperator<String> env = System::getenv;
    Path home = Path.of(System.getProperty("user.home"));
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException, ConfigException, AdminException {
        String body = new GrantClient(admin.client(env, home)).liveJson();
        List<GrantView> grants = GrantView.list(body); // read even for --json: a broken answer is an error
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? body.strip() + "\n" : GrantTable.render(grants, clock.instant()));
        out.flush();
        return ExitCodes.OK;
    }
}
