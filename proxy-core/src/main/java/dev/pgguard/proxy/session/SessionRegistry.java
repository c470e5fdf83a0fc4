package dev.pgguard.proxy.session;

import dev.pgguard.proxy.relay.Session;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sessions, keyed by the process id pgguard issued them, so that a CancelRequest (which arrives on a
 * connection of its own, on any event loop) finds the session it names, and shutdown can reach them all.
 */
public final class SessionRegistry {

    private final ConcurrentHashMap<Integer, Session> byProcessId = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong sessionIds = new AtomicLong();
    private final SecureRandom random;

    public SessionRegistry(SecureRandom random) {
        this.random = random;
    }

    /** A short id for log prefixes: hex, unique for the life of the process. */
    public String nextSessionId() {
        return Long.toHexString(sessionIds.incrementAndGet());
    }

    /** Counts a client connection (in any phase); false when that would pass {@code limit}. */
    public boolean tryAcceptConnection(int limit) {
        while (true) {
            int current = connections.get();
            if (current >= limit) {
                return false;
            }
            if (connections.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** A fresh cancel key: a positive process id no open session uses, and a random secret. */
    public CancelKey issueKey() {
        while (true) {
            int processId = random.nextInt(Integer.MAX_VALUE - 1) + 1;
            if (!byProcessId.containsKey(processId)) {
                return new CancelKey(processId, random.nextInt());
            }
        }
    }

    public void add(Session session) {
        byProcessId.put(session.clientKey().processId(), session);
    }

    public void remove(Session session) {
        byProcessId.remove(session.clientKey().processId(), session);
    }

    /**
     * Cancels for the session the key names: a statement waiting for a human is withdrawn, one running upstream is
     * cancelled there with the backend's real key. Any other key is ignored silently, as PostgreSQL does (the
     * requester learns nothing either way).
     */
    public void cancel(CancelKey requested) {
        Session session = byProcessId.get(requested.processId());
        if (session != null && session.clientKey().secretKey() == requested.secretKey()) {
            session.cancel();
        }
    }

    public List<Session> sessions() {
        return List.copyOf(byProcessId.values());
    }

    public int size() {
        return byProcessId.size();
    }
}
