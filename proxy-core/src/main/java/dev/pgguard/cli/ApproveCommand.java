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
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard approve ID...} approves those holds; {@code pgguard approve} alone is the interactive prompt
 * that shows each pending hold as it arrives and asks what to do with it ({@link ApprovalPrompt}).
 */
@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Approve held statements: the held bytes go to the database.",
                "With no ID: an interactive prompt that shows each pending hold in full as it arrives and asks "
                        + "[a]pprove [d]eny [s]kip [v]iew more [q]uit (one answer per line)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every id approved (prompt: quit or end of input)",
                "1:some id was not found or already decided (the others were still approved)",
                "64:usage error", "69:the admin API cannot be reached (or was lost)",
                "77:no approver token, or it was refused; a TOTP code was needed and not given, or refused",
                "78:configuration error"})
final class ApproveCommand implements Callable<Integer> {

    /** Three missed heartbeats (one every 15 s): the connection is dead even if TCP has not noticed. */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(45);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "hold ids (pgguard pending lists them)")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--json", description = "print each approved hold as the admin API returns it, one JSON "
            + "object per line (errors as {\"id\": ..., \"status\": ..., \"error\": ...})")
    private boolean json;

    @Mixin
    AdminOptions admin;

    @Mixin
    TotpOption totp;

    /** Standard input, whether standard output is a terminal, the environment, the home directory; for tests. */
    InputStream in = System.in;
    boolean terminal = System.console() != null;
    UnaryOperator<String> env = System::getenv;
    Path home = Path.of(System.getProperty("user.home"));

    @Override
    public Integer call() throws IOException, ConfigException, InterruptedException, AdminException {
        Decisions.checkIds(spec, ids);
        if (ids.isEmpty() && json) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--json needs hold ids: the interactive prompt is for a human");
        }
        Decisions.checkTotp(spec, ids, totp);
        PrintWriter out = spec.commandLine().getOut();
        AdminClient client = admin.client(env, home);
        if (!ids.isEmpty()) {
            TotpCodes codes = totp.codes(in, spec.commandLine().getErr());
            return new Decisions(out, spec.commandLine().getErr(), json)
                    .run(ids, "approved", id -> codes.send(code -> client.approve(id, code)));
        }
        return prompt(client, out);
    }

    private int prompt(AdminClient client, PrintWriter out) throws AdminException, InterruptedException {
        // The terminal's own encoding, which on Java 17 is the locale's: what the approver types arrives in it.
        InputStreamReader typed = new InputStreamReader(in, Charset.defaultCharset());
        try (MergedInputs inputs = new MergedInputs(typed, client.events(), System::nanoTime).start()) {
            ApprovalPrompt prompt = new ApprovalPrompt(out, Ansi.of(terminal, env), client, System::nanoTime,
                    SILENCE_LIMIT, client.url().toString());
            return prompt.run(inputs);
        }
    }
}
