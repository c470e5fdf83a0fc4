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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code pgguard check "SQL"}: what pgguard would do with this SQL, and why. The exit code is the verdict, so a
 * script (a migration check in CI) can branch on it without reading the text.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.SOFTWARE,
        description = "Explain what pgguard would do with SQL: allow it, hold it for a human, or deny it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:allow", "1:hold", "2:deny", "64:usage error", "78:configuration error"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SQL", description = "the SQL (one or more statements), or - to read it from standard input")
    private String sql;

    @Option(names = "--json", description = "print the verdict as JSON (the shape classify --jsonl writes, without id)")
    private boolean json;

    @Mixin
    AnalysisOptions analysis;

    /** Standard input, whether it is a terminal, and the environment; tests replace them. */
    InputStream in = System.in;
    boolean terminal = System.console() != null;
    UnaryOperator<String> env = System::getenv;

    @Override
    public Integer call() throws IOException, InterruptedException, ConfigException {
        try (BoundedClassifier classifier = analysis.start()) {
            // SQL files are UTF-8 in practice, whatever the locale says; PostgreSQL clients send UTF-8 by default.
            String text = "-".equals(sql) ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : sql;
            Outcome outcome = classifier.classify(text);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                CliJson.writeLine(out, g -> ClassificationJson.writeFields(g, outcome));
            } else {
                out.print(new CheckReport(Ansi.of(terminal, env)).render(outcome));
                out.flush();
            }
            return ExitCodes.of(outcome.verdict());
        }
    }
}
