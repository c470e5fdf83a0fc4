package dev.pgguard.audit;

import java.time.Instant;

/**
 * The writer's state, for the proxy (whether to admit statements), the admin API and metrics.
 *
 * @param status   OK, FAILED (appends fail; the writer retries) or CLOSED
 * @param reason   why it failed; null when OK
 * @param since    when the status last changed
 * @param lastSeq  the last record's seq the writer knows to be written (0 before any)
 * @param lastHash that record's hash: anchor it elsewhere to detect lines removed from the end
 */
public record AuditHealth(Status status, String reason, Instant since, long lastSeq, String lastHash) {

    public enum Status { OK, FAILED, CLOSED }

    public boolean ok() {
        return status == Status.OK;
    }
}
