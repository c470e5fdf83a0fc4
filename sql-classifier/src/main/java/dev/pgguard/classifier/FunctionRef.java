package dev.pgguard.classifier;

import java.util.Objects;

/**
 * A function a statement calls, as written: {@code schema} is null when the call leaves it to
 * {@code search_path}. Names are as PostgreSQL sees them: unquoted ones folded to lower case, quoted ones exact.
 */
public record FunctionRef(String schema, String name) {

    public FunctionRef {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
