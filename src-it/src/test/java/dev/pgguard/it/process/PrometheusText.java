package dev.pgguard.it.process;

import java.util.OptionalDouble;

/** Reads samples out of a Prometheus text exposition, enough for the tests' few questions. */
public record PrometheusText(String text) {

    /**
     * The sum of the samples of {@code name} whose label set contains every one of {@code labels} (each written
     * as {@code key="value"}); empty when there is none.
     */
    public OptionalDouble sum(String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            String metric = brace < 0 ? series : series.substring(0, brace);
            if (!metric.equals(name)) {
                continue;
            }
            String labelSet = brace < 0 ? "" : series.substring(brace);
            boolean matches = true;
            for (String label : labels) {
                if (!labelSet.contains(label)) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(space + 1));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** Like {@link #sum} but the series must exist. */
    public double require(String name, String... labels) {
        return sum(name, labels).orElseThrow(() -> new AssertionError("no sample of " + name + " "
                + String.join(",", labels) + " in /metrics:\n" + text));
    }
}
