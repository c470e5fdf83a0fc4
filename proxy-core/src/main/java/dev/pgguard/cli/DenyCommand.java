package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code pgguard deny ID... --reason "..."}: refuses held statements; the agent gets the reason with its error. */
@Command(name = "deny", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "Deny held statements: the agent gets an error (42501) with the reason.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every id denied",
                "1:some id was not found or already decided (the others were still denied)",
                "64:usage error", "69:the admin API cannot be reached",
                "77:no approver token, or it was refused; a TOTP code was needed and not given, or refused",
                "78:configuration error"})
final class DenyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "hold ids (pgguard pending lists them)")
    private List<String> ids;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "why (required): the agent sees it, so say what it should do instead")
    private String reason;

    @Option(names = "--json", description = "print each denied hold as the admin API returns it, one JSON object "
            + "per line (errors as {\"id\": ..., \"status\": ..., \"error\": ...})")
    private boolean json;

    @Mixin
    AdminOptions admin;

    @Mixin
    TotpOption totp;

    /** Standard input (for a TOTP code), the environment and the home directory; tests replace them. */
    InputStream in = System.in;
    UnaryOperator<String> env = System::getenv;
    Path home = Path.of(System.getProperty("user.home"));

    @Override
    public Integer call() throws IOException, ConfigException, AdminException {
        if (reason.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reason must not be empty");
        }
        Decisions.checkIds(spec, ids);
        Decisions.checkTotp(spec, ids, totp);
        AdminClient client = admin.client(env, home);
        TotpCodes codes = totp.codes(in, spec.commandLine().getErr());
        return new Decisions(spec.commandLine().getOut(), spec.commandLine().getErr(), json)
                .run(ids, "denied", id -> codes.send(code -> client.deny(id, reason.strip(), code)));
    }
}
