package dev.pgguard.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One event to write: its {@link AuditEvent}, its {@link Durability} and its fields, in the order they were set.
 * Immutable. Field values are {@code String}, {@code Long}, {@code Boolean}, {@code List<String>} (elements may be
 * null: a NULL bind parameter), a nested {@code Map<String, ?>} of the same types, or null.
 *
 * <p>The writer adds {@code v}, {@code seq}, {@code time}, {@code event} in front and {@code prev}, {@code hash}
 * at the end; a record cannot set those names ({@link AuditFields#RESERVED}).
 */
public final class AuditRecord {

    /** Lowercase names need no JSON escaping and keep the schema one style. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Deep enough for any record pgguard writes; stops a self-containing map. */
    private static final int MAX_DEPTH = 4;

    private final AuditEvent event;
    private final Durability durability;
    private final Map<String, Object> fields; // the builder's own map, never changed after build()

    private AuditRecord(AuditEvent event, Durability durability, Map<String, Object> fields) {
        this.event = event;
        this.durability = durability;
        this.fields = fields;
    }

    /** A builder for a caller's record; {@code audit.*} events are refused: only the writer writes them. */
    public static Builder builder(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (event.writerOnly()) {
            throw new IllegalArgumentException(event.id() + " is written by the audit writer itself");
        }
        return new Builder(event);
    }

    /** The writer's own records. */
    static Builder writerRecord(AuditEvent event) {
        return new Builder(event);
    }

    public AuditEvent event() {
        return event;
    }

    public Durability durability() {
        return durability;
    }

    /** The caller's fields in order (an unmodifiable view, made on demand: the writer does not need one). */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /**
     * The fields themselves, for the writer's encoder: iterating an unmodifiable view wraps every entry, which
     * showed as a quarter of the writer thread's time under load.
     */
    Map<String, Object> encodable() {
        return fields;
    }

    @Override
    public String toString() {
        return event.id() + " " + durability + " " + fields;
    }

    /** Typed setters; each name once. Not thread-safe; build once. */
    public static final class Builder {
        private final AuditEvent event;
        private Durability durability;
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private boolean built;

        private Builder(AuditEvent event) {
            this.event = event;
            this.durability = event.defaultDurability();
        }

        public Builder put(String name, String value) {
            return set(name, value);
        }

        public Builder put(String name, long value) {
            return set(name, value);
        }

        public Builder put(String name, boolean value) {
            return set(name, value);
        }

        /** A list of strings; null elements are written as JSON null. */
        public Builder put(String name, List<String> values) {
            return set(name, values == null ? null : copyList(values, name));
        }

        /** A small nested object: values of the same types as fields. */
        public Builder put(String name, Map<String, ?> values) {
            return set(name, values == null ? null : copyMap(values, name, 1));
        }

        public Builder putNull(String name) {
            return set(name, null);
        }

        /** Overrides the event's default durability. */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /** Once: the record takes the builder's fields as they are (no copy on the proxy's hot path). */
        public AuditRecord build() {
            if (built) {
                throw new IllegalStateException("a builder builds one record");
            }
            built = true;
            return new AuditRecord(event, durability, fields);
        }

        private Builder set(String name, Object value) {
            if (built) {
                throw new IllegalStateException("the record was built already");
            }
            checkName(name);
            if (AuditFields.RESERVED.contains(name)) {
                throw new IllegalArgumentException("field '" + name + "' is written by the audit writer");
            }
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("field '" + name + "' set twice");
            }
            fields.put(name, value);
            return this;
        }
    }

    /** {@link #NAME}, checked by hand: it runs for every field of every record, on the proxy's event loops. */
    private static void checkName(String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException("field name must match " + NAME + ", got " + name);
        }
    }

    private static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<String> copyList(List<?> values, String name) {
        List<String> copy = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v != null && !(v instanceof String)) {
                throw new IllegalArgumentException("field '" + name + "': list elements must be strings, got "
                        + v.getClass().getSimpleName());
            }
            copy.add((String) v);
        }
        return Collections.unmodifiableList(copy);
    }

    private static Map<String, Object> copyMap(Map<String, ?> values, String name, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("field '" + name + "': objects nest deeper than " + MAX_DEPTH);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            checkName(e.getKey());
            copy.put(e.getKey(), copyValue(e.getValue(), name + "." + e.getKey(), depth));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object v, String name, int depth) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof List<?> list) {
            return copyList(list, name);
        }
        if (v instanceof Map<?, ?> map) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("field '" + name + "': object keys must be strings");
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) map;
            return copyMap(m, name, depth + 1);
        }
        throw new IllegalArgumentException("field '" + name + "': unsupported type " + v.getClass().getSimpleName());
    }
}
