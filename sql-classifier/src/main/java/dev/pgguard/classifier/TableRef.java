package dev.pgguard.classifier;

import java.util.Objects;

/**
 * A table (or view, sequence, ...) a statement names, as written: {@code schema} is null when the statement
 * leaves it to {@code search_path}. Names are as PostgreSQL sees them: unquoted ones folded to lower case,
 * quoted ones exact.
 */
public record TableRef(String schema, String name) {

    public TableRef {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
