package dev.pgguard.cli;

/**
 * One line of {@code GET /holds/events}. {@code kind} is the server's event name ({@code held}, {@code updated},
 * {@code approved}, {@code denied}, {@code timed_out}, {@code withdrawn}, {@code heartbeat}, or one this CLI does
 * not know yet, which it ignores); {@code hold} is null for a heartbeat.
 */
record HoldEvent(String kind, HoldView hold) {

    static final String HELD = "held";
    static final String UPDATED = "updated";
    static final String HEARTBEAT = "heartbeat";

    /** Whether the event says the hold is no longer waiting for anyone. */
    boolean ends() {
        return switch (kind) {
            case "approved", "denied", "timed_out", "withdrawn" -> true;
            default -> false;
        };
    }
}
