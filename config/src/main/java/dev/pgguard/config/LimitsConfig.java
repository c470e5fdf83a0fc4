package dev.pgguard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource bounds that keep one client from exhausting pgguard.
 *
 * @param maxMessageSize       every frame's length is checked against it before a byte is buffered
 * @param maxStatementSize     Query, Parse and FunctionCall frames are buffered whole for inspection, up to this
 * @param startupTimeout       a client must finish startup and authentication within this
 * @param maxClientConnections concurrent client connections accepted
 */
public record LimitsConfig(long maxMessageSize, long maxStatementSize, Duration startupTimeout,
                           int maxClientConnections) {

    /** PostgreSQL's own limit (MaxAllocSize - 1): it rejects any larger message, so pgguard need not relay one. */
    static final long MAX_MESSAGE_SIZE_LIMIT = 1_073_741_823L;
    /** Below this, ordinary startup and error messages would not fit. */
    static final long MIN_MESSAGE_SIZE = 8 * 1024;

    static final LimitsConfig DEFAULT =
            new LimitsConfig(MAX_MESSAGE_SIZE_LIMIT, 16L * 1024 * 1024, Duration.ofSeconds(30), 10_000);

    public LimitsConfig {
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (maxMessageSize < MIN_MESSAGE_SIZE || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxMessageSize must be between " + MIN_MESSAGE_SIZE + " and "
                    + MAX_MESSAGE_SIZE_LIMIT + ", got " + maxMessageSize);
        }
        if (maxStatementSize < 1 || maxStatementSize > maxMessageSize) {
            throw new IllegalArgumentException("maxStatementSize must be between 1 and maxMessageSize ("
                    + maxMessageSize + "), got " + maxStatementSize);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be > 0, got " + startupTimeout);
        }
        if (maxClientConnections < 1) {
            throw new IllegalArgumentException("maxClientConnections must be >= 1, got " + maxClientConnections);
        }
    }
}
