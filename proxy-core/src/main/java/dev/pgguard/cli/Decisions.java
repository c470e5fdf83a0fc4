package dev.pgguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code pgguard approve|deny ID...}: decides each id in turn and reports each, one line per id. An id the API
 * refuses (unknown, already decided) does not stop the others; the exit code then says not all were decided.
 * Losing the API altogether (unreachable, token refused) does stop: the rest would fail the same way.
 */
final class Decisions {

    /** What hold ids look like; anything else would not even make a valid request path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @FunctionalInterface
    interface Decide {
        HoldView apply(String id) throws AdminException, DecisionRefused;
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Decisions(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** Checks all ids before deciding any: a typo should not leave the list half done. */
    static void checkIds(CommandSpec spec, List<String> ids) {
        for (String id : ids) {
            if (!ID.matcher(id).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "not a hold id: '" + Text.oneLine(id, 70) + "' (ids are letters, digits, - and _)");
            }
        }
    }

    /** A code decides once, so {@code --totp} goes with one id; the prompt and several ids ask for each code. */
    static void checkTotp(CommandSpec spec, List<String> ids, TotpOption totp) {
        if (totp.code != null && ids.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--totp goes with exactly one hold id: a code "
                    + "decides once (without --totp, pgguard asks for a code for each decision)");
        }
    }

    /** @param verb {@code approved} or {@code denied}, for the report lines */
    int run(List<String> ids, String verb, Decide decide) throws AdminException, IOException {
        int exit = ExitCodes.OK;
        for (String id : ids) {
            try {
                HoldView hold = decide.apply(id);
                if (json) {
                    out.write(hold.json());
                    out.write('\n');
                } else {
                    out.println(line(verb, hold));
                }
                out.flush();
            } catch (DecisionRefused refused) {
                exit = ExitCodes.NOT_ALL_DECIDED;
                report(refused);
            }
        }
        return exit;
    }

    private void report(DecisionRefused refused) throws IOException {
        if (json) {
            CliJson.writeLine(out, g -> {
                g.writeStringField("id", refused.id());
                g.writeNumberField("status", refused.status());
                g.writeStringField("error", refused.getMessage());
            });
        } else {
            err.println("pgguard: " + refused.id() + ": " + Text.oneLine(refused.getMessage(), 300));
            err.flush();
        }
    }

    /** {@code approved k7m2qa: DROP TABLE users (agent claude)}: what was decided, in one line. */
    static String line(String verb, HoldView hold) {
        String line = verb + " " + Text.shown(hold.id()) + ": " + Text.oneLine(hold.sql(), PendingTable.STATEMENT_WIDTH)
                + " (agent " + Text.shown(hold.agent()) + ")";
        if ("timed_out".equals(hold.state())) {
            // A late approval: the statement is gone, but its identical repetition may pass once.
            line += "; it had timed out: the agent's identical statement may run once "
                    + (hold.preAuthorisedUntil() != null ? "until " + hold.preAuthorisedUntil()
                    : "within the late-approval window");
        }
        return line;
    }
}
