package dev.pgguard.audit;

import java.util.Locale;

/** When the writer calls fsync (README.md, "Durability"). */
public enum FsyncPolicy {
    /** After every batch: every record is on disk before its future completes. */
    ALWAYS("always"),
    /**
     * After a batch that holds a {@link Durability#DURABLE} record (holds, approvals, denials, the writer's own
     * records); other batches are fsynced when one second has passed since the last fsync, or when the log goes
     * idle. The default.
     */
    DURABLE_RECORDS("durable-records"),
    /** Never (rotation and close excepted): the operating system decides. Durable records are not durable. */
    NEVER("never");

    private final String id;

    FsyncPolicy(String id) {
        this.id = id;
    }

    /** The name used in configuration and in the audit.opened record. */
    public String id() {
        return id;
    }

    public static FsyncPolicy byId(String id) {
        for (FsyncPolicy p : values()) {
            if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("fsync policy must be always, durable-records or never, got " + id);
    }
}
