package dev.pgguard.approval.control;

/** The catalog could not be read (the database refused, failed or did not answer in time): the message says why. */
public final class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
