package dev.pgguard.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How holds wait for a human (approval-gate/README.md).
 *
 * @param timeout              how long a hold outside a transaction block waits before it is refused (57014)
 * @param timeoutInTransaction the same inside a transaction block, shorter: its locks are held while it waits
 * @param lateApprovalWindow   an approval that arrives after the timeout pre-authorises the identical
 *                             statement for this long, once; zero turns late approvals off
 * @param blastRadiusTimeout   the time box of the blast-radius queries for one hold
 * @param approverToken        the approvers' bearer token for the admin API; empty = {@code pgguard serve}
 *                             uses (and creates) {@code ~/.pgguard/approver.token}
 */
public record ApprovalsConfig(Duration timeout, Duration timeoutInTransaction, Duration lateApprovalWindow,
                              Duration blastRadiusTimeout, Optional<Secret> approverToken) {

    /** Where, under the user's home directory, the approver token is kept when the configuration names none. */
    public static final String DEFAULT_TOKEN_FILE = ".pgguard/approver.token";

    public static final ApprovalsConfig DEFAULT = new ApprovalsConfig(Duration.ofSeconds(60), Duration.ofSeconds(15),
            Duration.ofMinutes(10), Duration.ofSeconds(2), Optional.empty());

    public ApprovalsConfig {
        positive(timeout, "timeout");
        positive(timeoutInTransaction, "timeoutInTransaction");
        positive(blastRadiusTimeout, "blastRadiusTimeout");
        Objects.requireNonNull(lateApprovalWindow, "lateApprovalWindow");
        if (lateApprovalWindow.isNegative()) {
            throw new IllegalArgumentException("lateApprovalWindow must not be negative");
        }
        Objects.requireNonNull(approverToken, "approverToken");
    }

    public ApprovalsConfig withTimeouts(Duration outside, Duration inside) {
        return new ApprovalsConfig(outside, inside, lateApprovalWindow, blastRadiusTimeout, approverToken);
    }

    public ApprovalsConfig withLateApprovalWindow(Duration window) {
        return new ApprovalsConfig(timeout, timeoutInTransaction, window, blastRadiusTimeout, approverToken);
    }

    public ApprovalsConfig withApproverToken(Secret token) {
        return new ApprovalsConfig(timeout, timeoutInTransaction, lateApprovalWindow, blastRadiusTimeout,
                Optional.of(token));
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }
}
