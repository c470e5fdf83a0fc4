package dev.pgguard.audit;

/**
 * The audit table cannot take this log's records without mixing two chains or leaving a gap: it holds another
 * log's records, has another shape, or the files no longer hold what comes after its last record. The message
 * says which and what to do; retrying would not help.
 */
final class ChainMismatchException extends Exception {

    ChainMismatchException(String message) {
        super(message);
    }
}
