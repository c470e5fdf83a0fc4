package dev.pgguard.proxy.session;

/** A BackendKeyData pair: the process id and secret a client needs to cancel what its session runs. */
public record CancelKey(int processId, int secretKey) {
}
