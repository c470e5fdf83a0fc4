package dev.pgguard.proxy.metrics;

import dev.pgguard.audit.AuditCounters;
import dev.pgguard.audit.AuditTableSink;
import dev.pgguard.audit.AuditWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The audit writer as an operator watches it: records and fsyncs written, appends refused (a non-zero rate means
 * statements were refused or went unrecorded, see audit.on_failure), records queued, and whether it is healthy.
 */
public final class AuditMetrics {

    private AuditMetrics() {
    }

    public static void bind(AuditWriter writer, MeterRegistry registry) {
        counter(registry, writer, "pgguard.audit.records", "audit records written", AuditCounters::records);
        counter(registry, writer, "pgguard.audit.fsyncs", "fsync calls on the audit log", AuditCounters::fsyncs);
        counter(registry, writer, "pgguard.audit.rejected", "audit appends refused (queue full, log not writable)",
                AuditCounters::rejected);
        Gauge.builder("pgguard.audit.queued", writer, w -> w.counters().queued())
                .description("audit records waiting for the writer").register(registry);
        Gauge.builder("pgguard.audit.healthy", writer, w -> w.health().ok() ? 1 : 0)
                .description("1 while the audit log can be written").register(registry);
    }

    /**
     * The audit table's shipping: records written but not in the table yet ({@code pgguard_audit_table_lag_records})
     * and whether it ships (0 while the audit database is unavailable, or when the table cannot continue the log).
     */
    public static void bindTable(AuditTableSink table, MeterRegistry registry) {
        Gauge.builder("pgguard.audit.table.lag", table, t -> t.health().lagRecords()).baseUnit("records")
                .description("audit records not yet shipped to the audit table").register(registry);
        Gauge.builder("pgguard.audit.table.healthy", table, t -> t.health().ok() ? 1 : 0)
                .description("1 while the audit table is being shipped to").register(registry);
    }

    private static void counter(MeterRegistry registry, AuditWriter writer, String name, String description,
                                ToDoubleFunction<AuditCounters> value) {
        FunctionCounter.builder(name, writer, w -> value.applyAsDouble(w.counters())).description(description)
                .register(registry);
    }
}
