package dev.pgguard.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file.
 *
 * @param path    where, as a YAML path such as {@code upstream.sslmode} or {@code agents[1].name}
 *                (list indexes start at 0); empty when the problem is with the file as a whole
 * @param line    1-based line in the file; 0 when unknown
 * @param message what is wrong, phrased to complete the path ("must be one of ...")
 */
public record ConfigProblem(String path, int line, String message) {

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }

    /** {@code upstream.sslmode (line 12): must be one of ...}; the parts that are unknown are left out. */
    @Override
    public String toString() {
        String where = line == 0 ? path : (path.isEmpty() ? "line " + line : path + " (line " + line + ")");
        return where.isEmpty() ? message : where + ": " + message;
    }
}
