package dev.pgguard.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 */
public record AuditConfig(Optional<Path> directory, long rotateSize, boolean rotateDaily, String fsync,
                          int queueCapacity, boolean failClosed, boolean redactLiterals) {

    public static final List<String> FSYNC_POLICIES = List.of("durable-records", "always", "never");
    public static final AuditConfig DEFAULT = new AuditConfig(Optional.empty(), 100L << 20, true, "durable-records",
            65_536, true, false);

    public AuditConfig {
        Objects.requireNonNull(directory, "directory");
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
}
