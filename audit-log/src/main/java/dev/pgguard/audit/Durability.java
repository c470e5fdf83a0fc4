package dev.pgguard.audit;

/** Whether the caller may act on a record before it is on stable storage. */
public enum Durability {
    /**
     * The record's future completes only after {@code fsync} (unless the fsync policy is {@code never}): the
     * proxy waits for it before it acts, so a hold, an approval or a denial cannot happen without a record that
     * survives a power cut.
     */
    DURABLE,
    /**
     * The record's future completes once it has been written to the file (the page cache); it reaches the disk
     * with the next fsync: the next batch that holds a durable record, or within a second when the log is idle.
     */
    BATCHED
}
