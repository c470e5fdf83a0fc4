package dev.pgguard.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it, so the file is fixed in one go. */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    ConfigException(String sourceName, List<ConfigProblem> problems) {
        super(message(sourceName, problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(String sourceName, List<ConfigProblem> problems) {
        String header = "invalid configuration in " + sourceName + " ("
                + problems.size() + (problems.size() == 1 ? " problem):" : " problems):");
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
