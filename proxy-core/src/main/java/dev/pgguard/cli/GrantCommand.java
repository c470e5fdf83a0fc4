package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard grant NAME write --for 30m}: lets a read-only agent write for that time only, on the tables given
 * only; {@code pgguard grant revoke ID} ends one early. The agent's open sessions restart when a grant starts and
 * ends (PostgreSQL fixes a session's read-only default at login). Granting is a decision, like approving: it
 * needs an approver's token, and their TOTP code when they have one.
 */
@Command(name = "grant", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = {"Let a read-only agent write for a while (at most 24h), on some tables only if --tables says "
                + "so; the hold rules still apply. Its open sessions restart (57P01) to take the grant up, and "
                + "again when it ends.",
                "pgguard grants lists the live grants; pgguard grant revoke ID ends one early."},
        subcommands = GrantRevokeCommand.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:granted; its id and expiry printed",
                "1:the admin API would not grant it (no such agent, one that is read-write already, a bad table "
                        + "pattern)",
                "64:usage error", "69:the admin API cannot be reached",
                "77:no approver token, or it was refused; a TOTP code was needed and not given, or refused",
                "78:configuration error"})
final class GrantCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the agent")
    private String agent;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ACCESS", description = "write (the only kind of grant)")
    private String access;

    @Option(names = "--for", paramLabel = "DURATION", description = "how long: 30m, 2h (at most 24h)")
    private String duration;

    @Option(names = "--tables", split = ",", paramLabel = "PATTERN", description = "the tables it may write, as "
            + "schema.table patterns (* matches any run of characters); default: every table its scope allows")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit log")
    private String reason;

    @Option(names = "--json", description = "print the grant as the admin API returns it, one JSON object")
    private boolean json;

    @Mixin
    AdminOptions admin;

    @Mixin
    TotpOption totp;

    /** Standard input (for a TOTP code), the environment, the home directory and the clock; tests replace them. */
    InputStream in = System.in;
    UnaryOperator<String> env = System::getenv;
    Path home = Path.of(System.getProperty("user.home"));
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException, ConfigException, AdminException {
        checkArguments();
        GrantClient grants = new GrantClient(admin.client(env, home));
        TotpCodes codes = totp.codes(in, spec.commandLine().getErr());
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        GrantView granted;
        try {
            granted = codes.send(code -> grants.grant(agent, duration, tables, why, code));
        } catch (DecisionRefused e) {
            return refused(spec, "not granted: ", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? granted.json() : GrantTable.line("granted", granted, clock.instant())
                + "; its open sessions restart to take it up");
        out.print('\n');
        out.flush();
        return ExitCodes.OK;
    }

    /** One line on standard error for a grant or revocation the API would not make: exit 1. */
    static int refused(CommandSpec spec, String prefix, DecisionRefused e) {
        spec.commandLine().getErr().println("pgguard: " + prefix + Text.oneLine(e.getMessage(), 300));
        spec.commandLine().getErr().flush();
        return ExitCodes.NOT_ALL_DECIDED;
    }

    /** What can be told without asking the API: a duration that is not one, a pattern that is blank. */
    private void checkArguments() {
        if (agent == null || access == null) {
            throw new ParameterException(spec.commandLine(), "usage: pgguard grant NAME write --for DURATION "
                    + "[--tables PATTERN,...] [--reason TEXT]; or pgguard grant revoke ID");
        }
        if (!access.equals("write")) {
            throw new ParameterException(spec.commandLine(), "a grant is of write access: pgguard grant "
                    + Text.shown(agent) + " write --for DURATION (not '" + Text.shown(access) + "')");
        }
        if (duration == null) {
            throw new ParameterException(spec.commandLine(), "--for is required: how long the grant lasts, such as "
                    + "30m or 2h (at most 24h)");
        }
        Duration d;
        try {
            d = Units.duration(duration);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--for " + e.getMessage());
        }
        if (d.compareTo(Duration.ofHours(24)) > 0) {
            throw new ParameterException(spec.commandLine(), "--for must be at most 24h: write access for longer is "
                    + "the agent's mode in the configuration, for a human to review");
        }
        if (tables.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "--tables has an empty pattern");
        }
    }
}
