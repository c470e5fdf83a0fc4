package dev.pgguard.approval;

import java.util.Locale;

/** Something happened to a hold: what the admin API streams to approvers. */
public record HoldEvent(Type type, Hold hold) {

    public enum Type {
        HELD, UPDATED, APPROVED, DENIED, TIMED_OUT, WITHDRAWN;

        /** The lower-case name the event stream uses ({@code timed_out}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The event that announces a hold's final state. */
        static Type of(HoldState decided) {
            return valueOf(decided.name());
        }
    }
}
