package dev.pgguard.audit;

import java.util.concurrent.atomic.LongAdder;

/**
 * The writer's counters. Only the writer thread (or open, before it starts) updates the volatile ones, so a
 * plain increment is safe; appenders on any thread count rejections.
 */
final class Counters {
    volatile long records;
    volatile long batches;
    volatile long fsyncs;
    volatile long bytes;
    final LongAdder rejected = new LongAdder();

    AuditCounters snapshot(int queued) {
        return new AuditCounters(records, batches, fsyncs, bytes, rejected.sum(), queued);
    }
}
