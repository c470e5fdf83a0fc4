package dev.pgguard.proxy.metrics;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The hold queue as an operator watches it: {@code pgguard_holds_pending} (its depth now) and
 * {@code pgguard_hold_wait_seconds{outcome}} (how long each hold waited, by how it ended).
 */
public final class HoldMetrics {

    private HoldMetrics() {
    }

    public static void bind(ApprovalGate gate, MeterRegistry registry) {
        Gauge.builder("pgguard.holds.pending", () -> gate.pending().size())
                .description("statements waiting for a human now").register(registry);
        gate.subscribe(event -> {
            Hold hold = event.hold();
            if (event.type() != HoldEvent.Type.HELD && event.type() != HoldEvent.Type.UPDATED
                    && hold.decidedAt() != null && hold.preAuthorisedUntil() == null) {
                Timer.builder("pgguard.hold.wait").tag("outcome", hold.state().id())
                        .description("how long holds waited for their decision").register(registry)
                        .record(Duration.between(hold.createdAt(), hold.decidedAt()));
            }
        });
    }
}
