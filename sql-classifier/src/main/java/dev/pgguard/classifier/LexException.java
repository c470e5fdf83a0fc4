package dev.pgguard.classifier;

/**
 * The SQL cannot be tokenized the way PostgreSQL would: an unterminated string, comment, dollar quote or
 * quoted identifier, an invalid Unicode escape, a NUL character. PostgreSQL would reject such a message
 * too, but pgguard cannot prove that it would: the classifier treats it as unanalysable and fails closed.
 * Checked on purpose, so that no caller can forget that case.
 */
public final class LexException extends Exception {

    private final int offset;

    public LexException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Offset in the source where the offending construct starts. */
    public int offset() {
        return offset;
    }
}
