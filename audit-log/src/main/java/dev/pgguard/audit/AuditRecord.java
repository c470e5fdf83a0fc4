package dev.pgguard.audit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final int SLOTS = 256; // a power of two, several times the names: few share a slot
    /**
     * The {@link AuditFields} names a caller may set, checked once, in slots by hash: {@link Builder#put} knows
     * them by identity (one array read) and checks only other names in full. Measured under pgbench through the
     * proxy (async-profiler), the full checks of every field of every statement record were ~0.8 µs per record
     * on the event loops, the largest part of what the audit log cost them.
     */
    private static final String[] VETTED = vetted();
    /** For each {@link #VETTED} name, its JSON {@code "name":} bytes: the writer copies them instead of encoding. */
    private static final byte[][] VETTED_JSON = jsonNames(VETTED);

    private final AuditEvent event;
    private final Durability durability;
    // the builder's own arrays, never changed after build(): a map per record was most of what the relay
    // allocated per statement
    private final String[] names;
    private final Object[] values;
    private final int size;

    private AuditRecord(AuditEvent event, Durability durability, String[] names, Object[] values, int size) {
        this.event = event;
        this.durability = durability;
        this.names = names;
        this.values = values;
        this.size = size;
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

    /** The caller's fields in order, as a map made on demand (the writer reads them by index). */
    public Map<String, Object> fields() {
        Map<String, Object> map = new LinkedHashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            map.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** How many fields the caller set; for the writer's encoder, with {@link #name} and {@link #value}. */
    int size() {
        return size;
    }

    String name(int i) {
        return names[i];
    }

    Object value(int i) {
        return values[i];
    }

    @Override
    public String toString() {
        return event.id() + " " + durability + " " + fields();
    }

    /** Typed setters; each name once. Not thread-safe; build once. */
    public static final class Builder {
        private final AuditEvent event;
        private Durability durability;
        /** Room for a statement record's fields without growing. */
        private String[] names = new String[24];
        private Object[] values = new Object[24];
        private int size;
        /** One bit per name set, by its hash: a name whose bit is clear was not set before (no scan). */
        private long nameBits;
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
            return new AuditRecord(event, durability, names, values, size);
        }

        private Builder set(String name, Object value) {
            if (built) {
                throw new IllegalStateException("the record was built already");
            }
            if (!isVetted(name)) {
                checkName(name);
                if (AuditFields.RESERVED.contains(name)) {
                    throw new IllegalArgumentException("field '" + name + "' is written by the audit writer");
                }
            }
            long bit = 1L << name.hashCode(); // the shift takes the low 6 bits
            if ((nameBits & bit) != 0) {
                for (int i = 0; i < size; i++) {
                    if (names[i].equals(name)) {
                        throw new IllegalArgumentException("field '" + name + "' set twice");
                    }
                }
            }
            nameBits |= bit;
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = value;
            return this;
        }
    }

    private static String[] vetted() {
        String[] slots = new String[SLOTS];
        for (Field f : AuditFields.class.getFields()) {
            int m = f.getModifiers();
            if (f.getType() != String.class || !Modifier.isStatic(m) || !Modifier.isFinal(m)) {
                continue;
            }
            String name;
            try {
                name = (String) f.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            int slot = slot(name);
            if (validName(name) && !AuditFields.RESERVED.contains(name) && slots[slot] == null) {
                slots[slot] = name; // a name whose slot is taken is simply checked in full
            }
        }
        return slots;
    }

    private static byte[][] jsonNames(String[] names) {
        byte[][] json = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                json[i] = ('"' + names[i] + "\":").getBytes(StandardCharsets.US_ASCII);
            }
        }
        return json;
    }

    /** {@code "name":} as bytes when {@code name} is one of {@link AuditFields}' own, else null. */
    static byte[] jsonName(String name) {
        int slot = slot(name);
        return VETTED[slot] == name ? VETTED_JSON[slot] : null;
    }

    /** Whether {@code name} is one of {@link AuditFields}' own string instances, valid and not reserved. */
    private static boolean isVetted(String name) {
        return name != null && VETTED[slot(name)] == name;
    }

    private static int slot(String name) {
        return name.hashCode() & (SLOTS - 1);
    }

    /** {@link #NAME}, checked by hand: for names that are not {@link AuditFields}' own ({@link #VETTED}). */
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

    /** An immutable list without nulls is kept as it is ({@code List.copyOf}); others are copied. */
    @SuppressWarnings("unchecked")
    private static List<String> copyList(List<?> values, String name) {
        boolean nulls = false;
        for (int i = 0; i < values.size(); i++) { // no iterator: this runs for every statement record
            Object v = values.get(i);
            if (v == null) {
                nulls = true;
            } else if (!(v instanceof String)) {
                throw new IllegalArgumentException("field '" + name + "': list elements must be strings, got "
                        + v.getClass().getSimpleName());
            }
        }
        return nulls ? Collections.unmodifiableList(new ArrayList<>((List<String>) values))
                : List.copyOf((List<String>) values);
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
