package dev.pgguard.classifier;

import java.util.Locale;

/** What happens to a message, from least to most restrictive: the most restrictive one of its statements wins. */
public enum Verdict {
    /** Forwarded to the database. */
    ALLOW,
    /** Parked until a human approves or denies it. */
    HOLD,
    /** Refused without asking anyone. */
    DENY;

    /** The more restrictive of the two. */
    public Verdict max(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The lower-case name used on the command line, in JSON and in the audit log. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
