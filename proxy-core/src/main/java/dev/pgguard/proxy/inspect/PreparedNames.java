package dev.pgguard.proxy.inspect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What pgguard knows of one session's prepared statements, by name, following PostgreSQL's rules for that
 * namespace (shared by protocol Parse and SQL PREPARE; "Extended Query" in the protocol chapter of its
 * documentation):
 * <ul>
 *   <li>a Parse of the unnamed statement drops the one before it, even when the new one then fails;</li>
 *   <li>a named statement cannot be redefined: a Parse or PREPARE of a name that exists fails (42P05) and the
 *       statement stays as it was, until a Close or DEALLOCATE;</li>
 *   <li>after an error in an extended-protocol batch the server discards every message up to the Sync, so a
 *       Close that may be discarded ({@code surely} false) frees nothing. A Parse of the unnamed statement is
 *       taken as run even so: if it is discarded, so is everything after it in its batch, and drivers parse the
 *       unnamed statement again before they bind it in a later batch.</li>
 * </ul>
 * Used for the holds (which names run a held statement: a mistake here must fail closed) and for the audit
 * log (what each execution runs). Thread-safe: a hold's decision may complete off the event loop.
 *
 * @param <V> what is known of a statement
 */
public final class PreparedNames<V> {

    private final Map<String, V> byName = new ConcurrentHashMap<>();

    public V get(String name) {
        return byName.get(name);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** A Parse of {@code name} goes upstream: it drops the unnamed statement; a named one stays. */
    public void parsing(String name) {
        if (name.isEmpty()) {
            byName.remove(name);
        }
    }

    /**
     * A Parse or SQL PREPARE of {@code name} went upstream as {@code value}: it replaces the unnamed statement;
     * a named one that exists stays (the server refuses to redefine it).
     */
    public void defined(String name, V value) {
        if (name.isEmpty()) {
            byName.put(name, value);
        } else {
            byName.putIfAbsent(name, value);
        }
    }

    /** A Close of {@code name} went upstream: the statement is gone, unless the server may skip the Close. */
    public void closed(String name, boolean surely) {
        if (surely) {
            byName.remove(name);
        }
    }
}
