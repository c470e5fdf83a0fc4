package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.TableRef;
import dev.pgguard.classifier.Verdict;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code pgguard check} prints for a human: the verdict and why first, then each statement with its kind,
 * tables and rules. The SQL is someone else's text on the reader's terminal, so control and format characters
 * (escape sequences, bidi overrides) are shown as {@code \\uXXXX} ({@link Text#printable}), never emitted; a long
 * statement is cut (the JSON output has it whole).
 */
final class CheckReport {

    private static final int MAX_SQL_SHOWN = 1000;

    private final Ansi ansi;

    CheckReport(Ansi ansi) {
        this.ansi = ansi;
    }

    String render(Outcome outcome) {
        StringBuilder out = new StringBuilder();
        if (outcome.classification() == null) {
            out.append(headline(outcome.verdict(), "pgguard could not finish analysing the SQL")).append("\n\n");
            appendRule(out, "   ", outcome.unfinished());
            return out.toString();
        }
        Classification c = outcome.classification();
        out.append(headline(c.verdict(), summary(c))).append('\n');
        int width = String.valueOf(c.statements().size()).length() + 2;
        String indent = " ".repeat(width);
        int number = 0;
        for (ClassifiedStatement s : c.statements()) {
            number++;
            out.append('\n');
            appendSql(out, String.format(Locale.ROOT, "%-" + width + "d", number), indent, s.sql());
            out.append(indent).append(facts(s)).append('\n');
            if (s.rules().isEmpty()) {
                out.append(indent).append(ansi.verdict(Verdict.ALLOW, Verdict.ALLOW.id())).append('\n');
            }
            for (RuleHit hit : s.rules()) {
                appendRule(out, indent, hit);
            }
        }
        return out.toString();
    }

    private String headline(Verdict verdict, String why) {
        return ansi.verdict(verdict, ansi.bold(verdict.name())) + "  (" + why + ")";
    }

    private static String summary(Classification c) {
        int total = c.statements().size();
        if (total == 0) {
            return "no statement";
        }
        long denied = c.statements().stream().filter(s -> s.verdict() == Verdict.DENY).count();
        long held = c.statements().stream().filter(s -> s.verdict() == Verdict.HOLD).count();
        String statements = total == 1 ? " statement" : " statements";
        if (denied == 0 && held == 0) {
            return total == 1 ? "no rule fired" : "no rule fired on the " + total + statements;
        }
        StringBuilder why = new StringBuilder();
        if (denied > 0) {
            why.append(denied).append(" of ").append(total).append(statements).append(" would be refused");
        }
        if (held > 0) {
            why.append(denied > 0 ? ", " + held : held + " of " + total + statements)
                    .append(" would wait for a human approval");
        }
        return why.toString();
    }

    private static void appendSql(StringBuilder out, String first, String indent, String sql) {
        String shown = sql.strip();
        String cut = "";
        if (shown.length() > MAX_SQL_SHOWN) {
            cut = " ... (" + (shown.length() - MAX_SQL_SHOWN) + " more characters)";
            shown = shown.substring(0, MAX_SQL_SHOWN);
        }
        String[] lines = shown.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? first : indent).append(Text.printable(lines[i]));
            out.append(i == lines.length - 1 ? cut : "").append('\n');
        }
    }

    private static String facts(ClassifiedStatement s) {
        StringBuilder facts = new StringBuilder("kind: ").append(s.kind().id());
        if (!s.reads().isEmpty()) {
            facts.append("   reads: ").append(tables(s.reads()));
        }
        if (!s.writes().isEmpty()) {
            facts.append("   writes: ").append(tables(s.writes()));
        } else if (s.canWrite()) {
            facts.append("   can write"); // no table named, yet not read-only: a sequence, a setting, a function
        }
        return facts.toString();
    }

    private static String tables(List<TableRef> tables) {
        return tables.stream().map(t -> Text.printable(t.toString())).collect(Collectors.joining(", "));
    }

    private void appendRule(StringBuilder out, String indent, RuleHit hit) {
        out.append(indent).append(ansi.verdict(hit.verdict(), hit.verdict().id())).append("  ")
                .append(ansi.bold(hit.rule().id())).append("  ").append(Text.printable(hit.reason())).append('\n');
    }
}
