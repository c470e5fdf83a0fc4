package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFields;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which records {@code pgguard audit tail} shows: all the conditions given must hold (a missing one holds for
 * every record). A record without the field a condition asks about does not match it: {@code --agent} leaves out
 * the writer's own records, {@code --table} everything but statements.
 *
 * @param agent  the record's {@code agent}, exactly; null = any
 * @param events event ids ({@link #DECISIONS}' values); empty = any
 * @param table  one of the record's {@code tables}, exactly; null = any
 * @param since  the record's {@code time} is not before this; null = any time
 */
record AuditFilter(String agent, Set<String> events, String table, Instant since) {

    /** {@code --decision} names and the events they select. */
    static final Map<String, String> DECISIONS = decisions();

    AuditFilter {
        events = Set.copyOf(events);
    }

    boolean matches(AuditEntry e) {
        if (agent != null && !agent.equals(e.string(AuditFields.AGENT))) {
            return false;
        }
        if (!events.isEmpty() && !events.contains(e.event())) {
            return false;
        }
        if (table != null && !e.strings(AuditFields.TABLES).contains(table)) {
            return false;
        }
        if (since != null) {
            Instant time = e.time();
            return time != null && !time.isBefore(since);
        }
        return true;
    }

    /**
     * The events for {@code --decision} names.
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    static Set<String> events(List<String> decisionNames) {
        Set<String> events = new LinkedHashSet<>();
        for (String name : decisionNames) {
            String event = DECISIONS.get(name.strip());
            if (event == null) {
                throw new IllegalArgumentException("unknown decision '" + Text.printable(name)
                        + "': expected one of " + String.join(", ", DECISIONS.keySet()));
            }
            events.add(event);
        }
        return events;
    }

    private static Map<String, String> decisions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("allowed", AuditEvent.STATEMENT_ALLOWED.id());
        m.put("refused", AuditEvent.STATEMENT_REFUSED.id());
        m.put("held", AuditEvent.STATEMENT_HELD.id());
        m.put("approved", AuditEvent.HOLD_APPROVED.id());
        m.put("denied", AuditEvent.HOLD_DENIED.id());
        m.put("timed_out", AuditEvent.HOLD_TIMED_OUT.id());
        m.put("cancelled", AuditEvent.HOLD_CANCELLED.id());
        return Collections.unmodifiableMap(m);
    }
}
