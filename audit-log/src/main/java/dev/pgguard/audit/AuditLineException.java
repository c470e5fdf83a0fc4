package dev.pgguard.audit;

/**
 * A line that is not a valid audit record: what is wrong, and for a hash mismatch the two values.
 * {@code what} is {@code "malformed"}, {@code "hash"} or {@code "json"}.
 */
public final class AuditLineException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String what;
    private final String expected;
    private final String actual;
    private final Long statedSeq;

    AuditLineException(String what, String message, String expected, String actual) {
        this(what, message, expected, actual, null);
    }

    AuditLineException(String what, String message, String expected, String actual, Long statedSeq) {
        super(message);
        this.what = what;
        this.expected = expected;
        this.actual = actual;
        this.statedSeq = statedSeq;
    }

    static AuditLineException malformed(String message) {
        return new AuditLineException("malformed", message, null, null);
    }

    public String what() {
        return what;
    }

    /** For a hash mismatch: the hash of the line's bytes. */
    public String expected() {
        return expected;
    }

    /** For a hash mismatch: the hash the line states. */
    public String actual() {
        return actual;
    }

    /** For a hash mismatch: the seq the line states (not to be trusted, but it says where), or null. */
    public Long statedSeq() {
        return statedSeq;
    }
}
