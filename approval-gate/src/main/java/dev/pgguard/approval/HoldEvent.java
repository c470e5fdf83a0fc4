package dev.pgguard.approval;

/** Something happened to a hold: what the admin API streams to approvers. */
public record HoldEvent(Type type, Hold hold) {

    public enum Type {
        HELD("held"), UPDATED("updated"), APPROVED("approved"), DENIED("denied"), TIMED_OUT("timed_out"),
        WITHDRAWN("withdrawn");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }
}
