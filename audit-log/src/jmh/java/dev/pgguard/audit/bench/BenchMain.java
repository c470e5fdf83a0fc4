package dev.pgguard.audit.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code org.openjdk.jmh.Main} plus a summary: records per second for each parameter set, against the issue's
 * target of 100,000 records/s with group commit.
 *
 * <p>{@code java -cp audit-log/target/benchmarks.jar dev.pgguard.audit.bench.BenchMain [JMH options]}
 */
public final class BenchMain {

    static final double TARGET = 100_000;

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            try {
                org.openjdk.jmh.Main.main(args);
            } catch (Exception e) {
                throw new RunnerException(e);
            }
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(summary(results));
    }

    static String summary(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder("Summary (records/s written to the file; target >= 100,000)\n");
        out.append(String.format(Locale.ROOT, "%-16s %-8s %-8s %12s %10s  %s%n", "fsync", "durable", "threads",
                "records/s", "+-", "target"));
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            out.append(String.format(Locale.ROOT, "%-16s %-8s %-8d %12.0f %10.0f  %s%n",
                    r.getParams().getParam("fsync"), r.getParams().getParam("durablePercent") + "%",
                    r.getParams().getThreads(), score, Double.isNaN(error) ? 0 : error,
                    score >= TARGET ? "met" : String.format(Locale.ROOT, "MISSED (x%.2f)", score / TARGET)));
        }
        return out.toString();
    }
}
