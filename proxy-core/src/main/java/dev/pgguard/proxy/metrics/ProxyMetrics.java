package dev.pgguard.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The proxy's meters, exported in Prometheus text format on the admin port. Byte counters are bumped once per
 * buffer read, not per frame, so they cost nothing on the hot path.
 */
public final class ProxyMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final IntSupplier sessionsOpen;
    private final Counter sessionsTotal;
    private final Counter clientToUpstream;
    private final Counter upstreamToClient;
    private final Timer upstreamConnect;
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /** @param sessionsOpen where the number of open sessions is kept (the session registry); read, never copied */
    public ProxyMetrics(IntSupplier sessionsOpen) {
        this.sessionsOpen = sessionsOpen;
        io.micrometer.core.instrument.Gauge.builder("pgguard.sessions.open", sessionsOpen::getAsInt)
                .description("client sessions relaying now").register(registry);
        sessionsTotal = Counter.builder("pgguard.sessions").description("client sessions accepted").register(registry);
        clientToUpstream = Counter.builder("pgguard.relay.bytes").baseUnit("bytes").tag("direction", "client_to_upstream")
                .description("bytes relayed from clients to the database").register(registry);
        upstreamToClient = Counter.builder("pgguard.relay.bytes").baseUnit("bytes").tag("direction", "upstream_to_client")
                .description("bytes relayed from the database to clients").register(registry);
        upstreamConnect = Timer.builder("pgguard.upstream.connect")
                .description("time to connect and authenticate to the upstream database").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void sessionOpened() {
        sessionsTotal.increment();
    }

    public int sessionsOpen() {
        return sessionsOpen.getAsInt();
    }

    public void clientToUpstreamBytes(int n) {
        clientToUpstream.increment(n);
    }

    public void upstreamToClientBytes(int n) {
        upstreamToClient.increment(n);
    }

    public void upstreamConnected(Duration elapsed) {
        upstreamConnect.record(elapsed);
    }

    /** @param kind a short stable name: protocol_violation, auth_failed, upstream_unavailable, ... */
    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> Counter.builder("pgguard.errors").tag("kind", k)
                .description("errors by kind").register(registry)).increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
