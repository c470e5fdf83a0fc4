package dev.pgguard.audit;

import dev.pgguard.config.AuditConfig;
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
    private static final Path DEFAULT_DIRECTORY = Path.of(System.getProperty("user.home"), ".pgguard", "audit");

    /** {@link AuditConfig#DEFAULT}: the defaults are the configuration's, written down there only. */
    public static final AuditSettings DEFAULTS = from(AuditConfig.DEFAULT);

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

    /** The {@code audit} section of pgguard.yaml (validated there); {@code ~/.pgguard/audit} unless it names one. */
    public static AuditSettings from(AuditConfig config) {
        return new AuditSettings(config.directory().orElse(DEFAULT_DIRECTORY), "audit.jsonl", config.rotateSize(),
                config.rotateDaily(), FsyncPolicy.byId(config.fsync()), config.queueCapacity(),
                config.failClosed() ? FailurePolicy.FAIL_CLOSED : FailurePolicy.FAIL_OPEN, config.redactLiterals());
    }

    public AuditSettings withDirectory(Path dir) {
        return new AuditSettings(dir, fileName, rotateSize, rotateDaily, fsync, queueCapacity, onFailure,
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

    /** The log's files: the live one and the rotated ones beside it. */
    AuditFiles files() {
        return new AuditFiles(directory, fileName);
    }

    /** The live file. */
    public Path liveFile() {
        return directory.resolve(fileName);
    }
}
