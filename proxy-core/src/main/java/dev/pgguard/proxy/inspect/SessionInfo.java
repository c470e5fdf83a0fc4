package dev.pgguard.proxy.inspect;

/**
 * The identity of a client session, as the inspector and the logs see it.
 *
 * @param id            pgguard's short session id, also used in log prefixes
 * @param agent         the agent name the client authenticated as
 * @param database      the database pgguard opens upstream for it (the one the client asked for, unless the
 *                      configuration pins it)
 * @param environment   the environment that database is in; null when the name the client asked for is none
 *                      (the session is refused after authentication)
 * @param clientAddress the client's address, as text
 */
public record SessionInfo(String id, String agent, String database, String environment, String clientAddress) {

    /** The log prefix every line about this session carries: {@code [s:1f agent:cursor-ci env:prod db:app]}. */
    public String logPrefix() {
        return "[s:" + id + " agent:" + agent + " env:" + environment + " db:" + database + "]";
    }
}
