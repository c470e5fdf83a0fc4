package dev.pgguard.config;

import java.time.Duration;
import java.util.Objects;

/** @param drainPeriod how long sessions may finish after SIGTERM before they are ended with 57P01 */
public record ShutdownConfig(Duration drainPeriod) {

    static final ShutdownConfig DEFAULT = new ShutdownConfig(Duration.ofSeconds(10));

    public ShutdownConfig {
        Objects.requireNonNull(drainPeriod, "drainPeriod");
        if (drainPeriod.isNegative() || drainPeriod.isZero()) {
            throw new IllegalArgumentException("drainPeriod must be > 0, got " + drainPeriod);
        }
    }
}
