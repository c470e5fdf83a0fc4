package dev.pgguard.cli;

import dev.pgguard.config.ApproverConfig;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pgguard approver list}: the named approvers of the configuration {@code serve} would read now, whether
 * their decisions need a TOTP code, and which file defines each. Never a token's hash or a secret.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "List the approvers: name, second factor, and the file that defines each.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when there is none)", "64:usage error",
                "74:the approvers file cannot be read", "78:configuration error"})
final class ApproverListCommand implements Callable<Integer> {

    static final String NONE = "no named approvers: the shared approver token decides (pgguard approver add NAME "
            + "names the first)";

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "one JSON object: {\"approvers\": [{\"name\", \"totp\", \"defined_in\"}]}")
    private boolean json;

    @Mixin
    ConfigFile configFile;

    @Override
    public Integer call() throws ConfigException {
        try (ManagedStore store = ManagedStore.read(configFile, ManagedFile.APPROVERS)) {
            PrintWriter out = spec.commandLine().getOut();
            List<ApproverConfig> approvers = store.config().approvers();
            if (json) {
                CliJson.writeLine(out, g -> {
                    g.writeArrayFieldStart("approvers");
                    for (ApproverConfig a : approvers) {
                        g.writeStartObject();
                        g.writeStringField("name", a.name());
                        g.writeBooleanField("totp", a.totpSecret().isPresent());
                        g.writeStringField("defined_in", store.definedIn(a.name()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                });
            } else {
                out.print(table(approvers, store));
                out.flush();
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            return ApproverCommand.ioFailure(spec, "the approvers file cannot be read", e);
        }
    }

    /** One row per approver, in {@link Columns}; where each is defined comes last. */
    private static String table(List<ApproverConfig> approvers, ManagedStore store) {
        if (approvers.isEmpty()) {
            return NONE + "\n";
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "SECOND FACTOR", "DEFINED IN"));
        for (ApproverConfig a : approvers) {
            rows.add(List.of(Text.shown(a.name()), a.totpSecret().isPresent() ? "TOTP" : "token only",
                    Text.shown(store.definedIn(a.name()))));
        }
        return Columns.render(rows);
    }
}
