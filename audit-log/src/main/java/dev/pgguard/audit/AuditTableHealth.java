package dev.pgguard.audit;

import java.time.Instant;

/**
 * The audit table's shipping, for metrics and the admin API.
 *
 * @param status     see {@link Status}
 * @param table      the table's name
 * @param shippedSeq the highest seq in the table as far as the shipper knows (0 before it knows, or while empty)
 * @param lagRecords records the writer wrote that are not in the table yet
 * @param lastError  why it is RETRYING or STOPPED; null otherwise
 * @param since      when the status last changed
 */
public record AuditTableHealth(Status status, String table, long shippedSeq, long lagRecords, String lastError,
                               Instant since) {

    public enum Status {
        /** Not connected yet. */
        STARTING,
        /** Shipping, or caught up and following the live file. */
        OK,
        /** The audit database failed; records wait in the files and are shipped when it is back. */
        RETRYING,
        /** The table cannot continue this log (another log's, another shape, a gap): an operator must act. */
        STOPPED,
        CLOSED
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
