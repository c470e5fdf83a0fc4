package dev.pgguard.audit;

/**
 * What the proxy does with a statement whose record cannot be written. The writer only carries it: it fails the
 * append either way, and the proxy decides.
 */
public enum FailurePolicy {
    /** Refuse statements that need a record, with the reason; the default. */
    FAIL_CLOSED("fail-closed"),
    /** Let them through unrecorded; the audit.resumed record later counts them. */
    FAIL_OPEN("fail-open");

    private final String id;

    FailurePolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
