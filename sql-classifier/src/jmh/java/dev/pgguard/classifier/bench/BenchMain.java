package dev.pgguard.classifier.bench;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code org.openjdk.jmh.Main} plus a summary: runs JMH with the same command line, then prints, per workload,
 * the median (SampleTime p50) and the mean (AverageTime) of the classifier with caches, without caches and of
 * the JSqlParser baseline, the ratios to that baseline, and the targets.
 *
 * <p>{@code java -cp sql-classifier/target/benchmarks.jar dev.pgguard.classifier.bench.BenchMain [JMH options]}
 */
public final class BenchMain {

    private BenchMain() {
    }

    /** A target: the workload, which figure it bounds ("p50" or "mean") and the bound in µs. */
    private record Target(String workload, String figure, double micros, String text) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("pgbenchSelect", "p50", 2, "median <= 2 us"),
            new Target("ormSelect", "p50", 2, "median <= 2 us"),
            new Target("catalogQuery", "p50", 2, "median <= 2 us"),
            new Target("tpcbStatements", "mean", 5, "amortised <= 5 us / statement"),
            new Target("tpcbMessage", "mean", 5, "amortised <= 5 us / statement"),
            new Target("exactRepeat", "p50", 1, "<= 1 us"),
            new Target("exactRepeatDecoded", "p50", 1, "<= 1 us"));

    public static void main(String[] args) throws RunnerException, IOException {
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
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(summary(results));
    }

    /** workload -> engine -> [p50, p99, mean] (NaN when not measured). */
    static String summary(Collection<RunResult> results) {
        Map<String, Map<String, double[]>> table = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            int us = name.indexOf('_');
            if (us < 0) {
                continue;
            }
            String workload = name.substring(0, us);
            String engine = name.substring(us + 1);
            double[] row = table.computeIfAbsent(workload, k -> new TreeMap<>())
                    .computeIfAbsent(engine, k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
            if (r.getParams().getMode() == Mode.SampleTime) {
                row[0] = r.getPrimaryResult().getStatistics().getPercentile(50);
                row[1] = r.getPrimaryResult().getStatistics().getPercentile(99);
            } else if (r.getParams().getMode() == Mode.AverageTime) {
                row[2] = r.getPrimaryResult().getScore();
            }
        }
        // exactRepeatDecoded is the same statement as exactRepeat: one baseline for both
        if (table.containsKey("exactRepeatDecoded") && table.containsKey("exactRepeat")
                && table.get("exactRepeat").containsKey("jsqlparser")) {
            table.get("exactRepeatDecoded").putIfAbsent("jsqlparser~", table.get("exactRepeat").get("jsqlparser"));
        }
        StringBuilder out = new StringBuilder();
        out.append("Summary (us per statement; x = ratio to JSqlParser alone on the same statements, same run)\n");
        out.append(String.format(Locale.ROOT, "%-20s %-11s %9s %9s %9s %9s %9s  %s%n",
                "workload", "engine", "p50", "p99", "mean", "p50 x", "mean x", "target"));
        for (Map.Entry<String, Map<String, double[]>> w : table.entrySet()) {
            Map<String, double[]> engines = w.getValue();
            double[] base = engines.containsKey("jsqlparser") ? engines.get("jsqlparser") : engines.get("jsqlparser~");
            Target target = TARGETS.stream().filter(t -> t.workload().equals(w.getKey())).findFirst().orElse(null);
            for (String engine : List.of("classifier", "noCache", "jsqlparser")) {
                double[] row = engines.get(engine);
                if (row == null) {
                    continue;
                }
                String t = "";
                if (target != null && engine.equals("classifier")) {
                    double figure = target.figure().equals("p50") ? row[0] : row[2];
                    if (!Double.isNaN(figure)) {
                        boolean met = figure <= target.micros();
                        t = target.text() + ": " + (met ? "met" : String.format(Locale.ROOT, "MISSED by %.2f us (x%.2f)",
                                figure - target.micros(), figure / target.micros()));
                    }
                }
                out.append(String.format(Locale.ROOT, "%-20s %-11s %9s %9s %9s %9s %9s  %s%n", w.getKey(), engine,
                        fmt(row[0]), fmt(row[1]), fmt(row[2]), ratio(row[0], base == null ? Double.NaN : base[0]),
                        ratio(row[2], base == null ? Double.NaN : base[2]), t));
            }
        }
        return out.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.1f", v);
    }

    private static String ratio(double v, double base) {
        return Double.isNaN(v) || Double.isNaN(base) || base == 0 ? "-" : String.format(Locale.ROOT, "%.4f", v / base);
    }
}
