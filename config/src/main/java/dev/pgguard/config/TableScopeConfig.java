package dev.pgguard.config;

import java.util.List;

/**
 * An agent's {@code tables} section: which tables it may read and write, as {@code schema.table} patterns
 * ({@code *} matches any run of characters). An empty allow list allows every table; deny always wins.
 */
public record TableScopeConfig(List<String> readAllow, List<String> readDeny, List<String> writeAllow,
                               List<String> writeDeny) {

    /** No {@code tables} section: the agent's mode alone decides. */
    public static final TableScopeConfig UNSCOPED = new TableScopeConfig(List.of(), List.of(), List.of(), List.of());

    public TableScopeConfig {
        readAllow = List.copyOf(readAllow);
        readDeny = List.copyOf(readDeny);
        writeAllow = List.copyOf(writeAllow);
        writeDeny = List.copyOf(writeDeny);
    }

    public boolean scoped() {
        return !equals(UNSCOPED);
    }
}
