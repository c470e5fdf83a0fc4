package dev.pgguard.audit;

/**
 * Counters since open, for metrics. {@code records / batches} is the group-commit factor.
 *
 * @param records  records written (callers' and the writer's own)
 * @param batches  batches written (one write per batch, more only when a batch crosses a rotation or 1 MB)
 * @param fsyncs   fsync calls on the log files
 * @param bytes    bytes written
 * @param rejected appends that failed (queue full, writer failed, closed)
 * @param queued   records waiting now
 */
public record AuditCounters(long records, long batches, long fsyncs, long bytes, long rejected, int queued) {
}
