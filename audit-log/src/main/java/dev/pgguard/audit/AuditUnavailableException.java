package dev.pgguard.audit;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A record could not be written, and why. The proxy refuses the statement (fail closed) or lets it through
 * (fail open); either way it was not recorded.
 */
public final class AuditUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the audit log did not take the record. */
    public enum Reason {
        /** More records wait than the queue holds: the disk is not keeping up. */
        QUEUE_FULL,
        /** Writing failed (disk full, permission, I/O error); the writer retries and resumes by itself. */
        WRITE_FAILED,
        /** The writer was closed. */
        CLOSED
    }

    private final Reason reason;

    AuditUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static AuditUnavailableException queueFull(int capacity) {
        return new AuditUnavailableException(Reason.QUEUE_FULL, "audit log unavailable: queue full (" + capacity
                + " records waiting): the audit disk is not keeping up", null);
    }

    static AuditUnavailableException closed() {
        return new AuditUnavailableException(Reason.CLOSED, "audit log unavailable: closed", null);
    }

    /** @param action what was being done, e.g. "writing", "rotating" */
    static AuditUnavailableException writeFailed(String action, Path file, Throwable cause) {
        return new AuditUnavailableException(Reason.WRITE_FAILED, "audit log unavailable: " + describe(cause) + " ("
                + action + " " + file + ": " + cause + ")", cause);
    }

    /** A short, operator-facing name for an I/O failure: what to fix. */
    static String describe(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (message.contains("No space left on device")) {
            return "disk full";
        }
        if (message.contains("Disk quota exceeded")) {
            return "disk quota exceeded";
        }
        if (message.contains("Read-only file system")) {
            return "read-only file system";
        }
        if (cause instanceof AccessDeniedException || message.contains("Permission denied")) {
            return "permission denied";
        }
        if (cause instanceof NoSuchFileException) {
            return "file or directory missing";
        }
        if (cause instanceof NotDirectoryException || message.contains("Not a directory")) {
            return "not a directory";
        }
        if (cause instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (cause instanceof IOException) {
            return "I/O error";
        }
        return "internal error";
    }
}
