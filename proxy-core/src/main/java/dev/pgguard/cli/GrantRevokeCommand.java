package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code pgguard grant revoke ID}: ends a write grant before its time; the agent's open sessions restart. */
@Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "End a write grant before its time (pgguard grants lists them); the agent's open sessions "
                + "restart (57P01) read-only.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:revoked", "1:no live grant of that id (it expired, was revoked, or never was)",
                "64:usage error", "69:the admin API cannot be reached",
                "77:no approver token, or it was refused; a TOTP code was needed and not given, or refused",
                "78:configuration error"})
final class GrantRevokeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "the grant's id (pgguard grants lists them)")
    private String id;

    @Option(names = "--json", description = "print the revoked grant as the admin API returns it, one JSON object")
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
        Decisions.checkIds(spec, List.of(id));
        GrantClient grants = new GrantClient(admin.client(env, home));
        GrantView revoked;
        try {
            revoked = totp.codes(in, spec.commandLine().getErr()).send(code -> grants.revoke(id, code));
        } catch (DecisionRefused e) {
            return GrantCommand.refused(spec, "", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? revoked.json() : "revoked " + Text.shown(revoked.id()) + ": agent "
                + Text.shown(revoked.agent()) + " may no longer write " + GrantTable.tables(revoked)
                + "; its open sessions restart read-only");
        out.print('\n');
        out.flush();
        return ExitCodes.OK;
    }
}
