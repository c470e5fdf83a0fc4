package dev.pgguard.proxy.inspect;

/**
 * The identity of a client session, as the inspector and the logs see it.
 *
 * @param id            pgguard's short session id, also used in log prefixes
 * @param agent         the agent name the client authenticated as
 * @param database      the database the client asked for
 * @param clientAddress the client's address, as text
 */
public record SessionInfo(String id, String agent, String database, String clientAddress) {

    /** The log prefix every line about this session carries: {@code [s:1f agent:cursor-ci db:app]}. */
    public String logPrefix() {
        return "[s:" + id + " agent:" + agent + " db:" + database + "]";
    }
}
