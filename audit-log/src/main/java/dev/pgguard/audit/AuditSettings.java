package dev.pgguard.audit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the audit log is written.
 *
 * @param directory      where the live file and the rotated files are
 * @param fileName       the live file's name, {@code NAME.jsonl}; rotated files are {@code NAME-<start>.jsonl}
 * @param rotateSize     rotate before a record would take the live file past this many bytes; 0 = never by size
 * @param rotateDaily    also rotate at the first record of each new UTC day
 * @param fsync          when to fsync
 * @param queueCapacity  records that may wait for the writer; an append beyond fails (queue full)
 * @param onFailure      carried for the proxy: refuse (fail closed) or pass statements whose record failed
 * @param redactLiterals carried for the proxy: replace the SQL text's literals before it is recorded
 */
public record AuditSettings(Path directory, String fileName, long rotateSize, boolean rotateDaily, FsyncPolicy fsync,
                            int queueCapacity, FailurePolicy onFailure, boolean redactLiterals) {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.]*\\.jsonl");

    public static final AuditSettings DEFAULTS = new AuditSettings(
            Path.of(System.getProperty("user.home"), ".pgguard", "audit"), "audit.jsonl", 100L * 1024 * 1024, true,
            FsyncPolicy.DURABLE_RECORDS, 65_536, FailurePolicy.FAIL_CLOSED, false);

    public AuditSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(onFailure, "onFailure");
        // No '-' in the name: it separates the base from the rotation stamp.
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("fileName must be NAME.jsonl (letters, digits, '_', '.'), got "
                    + fileName);
        }
        if (rotateSize < 0) {
            throw new IllegalArgumentException("rotateSize must be >= 0 (0 = no rotation by size), got " + rotateSize);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
        }
    }

    public AuditSettings withDirectory(Path dir) {
        return new AuditSettings(dir, fileName, rotateSize, rotateDaily, fsync, queueCapacity, onFailure,
                redactLiterals);
    }

    public AuditSettings withFileName(String name) {
        return new AuditSettings(directory, name, rotateSize, rotateDaily, fsync, queueCapacity, onFailure,
                redactLiterals);
    }

    public AuditSettings withRotation(long size, boolean daily) {
        return new AuditSettings(directory, fileName, size, daily, fsync, queueCapacity, onFailure, redactLiterals);
    }

    public AuditSettings withFsync(FsyncPolicy policy) {
        return new AuditSettings(directory, fileName, rotateSize, rotateDaily, policy, queueCapacity, onFailure,
                redactLiterals);
    }

    public AuditSettings withQueueCapacity(int capacity) {
        return new AuditSettings(directory, fileName, rotateSize, rotateDaily, fsync, capacity, onFailure,
                redactLiterals);
    }

    public AuditSettings withOnFailure(FailurePolicy policy) {
        return new AuditSettings(directory, fileName, rotateSize, rotateDaily, fsync, queueCapacity, policy,
                redactLiterals);
    }

    public AuditSettings withRedactLiterals(boolean redact) {
        return new AuditSettings(directory, fileName, rotateSize, rotateDaily, fsync, queueCapacity, onFailure,
                redact);
    }

    /** The live file. */
    public Path liveFile() {
        return directory.resolve(fileName);
    }
}
