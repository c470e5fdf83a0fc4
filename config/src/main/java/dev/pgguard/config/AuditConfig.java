package dev.pgguard.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The audit log (audit-log/README.md).
 *
 * @param directory      where the JSONL files go; empty = {@code ~/.pgguard/audit}
 * @param rotateSize     a file is rotated once it reaches this many bytes
 * @param rotateDaily    also rotate at each UTC midnight
 * @param fsync          {@code durable-records} (holds, approvals and denials are on disk before pgguard acts on
 *                       them; the rest in batches), {@code always} (every batch), {@code never} (the OS decides)
 * @param queueCapacity  records waiting for the writer at most
 * @param failClosed     when the log cannot be written: refuse statements (true) or go on without a record
 * @param redactLiterals write SQL with its string and number literals replaced by placeholders
 * @param table          a PostgreSQL table that mirrors the files; empty = none
 */
public record AuditConfig(Optional<Path> directory, long rotateSize, boolean rotateDaily, String fsync,
                          int queueCapacity, boolean failClosed, boolean redactLiterals, Optional<Table> table) {

    public static final List<String> FSYNC_POLICIES = List.of("durable-records", "always", "never");
    public static final AuditConfig DEFAULT = new AuditConfig(Optional.empty(), 100L << 20, true, "durable-records",
            65_536, true, false, Optional.empty());

    public AuditConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(table, "table");
        if (!FSYNC_POLICIES.contains(fsync)) {
            throw new IllegalArgumentException("fsync must be one of " + FSYNC_POLICIES + ", got " + fsync);
        }
        if (rotateSize < 1024) {
            throw new IllegalArgumentException("rotateSize must be at least 1kB, got " + rotateSize);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be > 0, got " + queueCapacity);
        }
    }

    /**
     * A PostgreSQL table that the audit files are shipped to (audit-log/README.md, "The audit table"); the files
     * stay the source of truth.
     *
     * @param name       {@code name} or {@code schema.name}: it is put into SQL, so only {@link #NAME} is accepted
     * @param batchSize  records per INSERT transaction at most
     * @param connection the audit database; its {@code database} is always given
     */
    public record Table(String name, int batchSize, UpstreamConfig connection) {

        public static final String DEFAULT_NAME = "pgguard_audit";
        public static final int DEFAULT_BATCH_SIZE = 1000;
        public static final int MAX_BATCH_SIZE = 10_000;
        /** Lowercase identifiers only: they need no case folding, and quoting them can never go wrong. */
        private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

        public Table {
            checkName(name);
            Objects.requireNonNull(connection, "connection");
            if (connection.database().isEmpty()) {
                throw new IllegalArgumentException("the audit table's connection must name its database");
            }
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got "
                        + batchSize);
            }
        }

        /** The name if it is one {@link #NAME} accepts; the binder's parser for {@code audit.table.name}. */
        public static String checkName(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("must be a table name or schema.table, each 1 to 63 characters of "
                        + "a-z, 0-9 and _, not starting with a digit; got '" + name + "'");
            }
            return name;
        }
    }
}
