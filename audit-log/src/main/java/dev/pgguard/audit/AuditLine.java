package dev.pgguard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record read back from a line, after its own hash was checked (README.md, "Hash chain"). The chain (seq
 * and prev against the line before) is the verifier's business, not this class's.
 */
public final class AuditLine {

    /** Duplicate keys are refused: a second {@code "seq"} must not make a line mean two things. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final byte[] HASH_KEY = LineEncoder.HASH;

    private final Map<String, Object> fields;
    private final long seq;
    private final int version;
    private final String event;
    private final String prev;
    private final String hash;

    private AuditLine(Map<String, Object> fields, long seq, int version, String event, String prev, String hash) {
        this.fields = fields;
        this.seq = seq;
        this.version = version;
        this.event = event;
        this.prev = prev;
        this.hash = hash;
    }

    /** Parses a line (without its newline) and checks its hash. */
    public static AuditLine parse(String line) throws AuditLineException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /** Parses {@code len} bytes at {@code off} (a line without its newline) and checks its hash. */
    public static AuditLine parse(byte[] b, int off, int len) throws AuditLineException {
        String stated = statedHash(b, off, len);
        MessageDigest sha = Sha256.newDigest();
        sha.update(b, off, len - LineEncoder.SUFFIX_LENGTH);
        String computed = Sha256.hex(sha.digest());
        if (!computed.equals(stated)) {
            throw new AuditLineException("hash", "the line does not hash to the hash it states: it was edited",
                    computed, stated, seqOf(b, off, len));
        }
        Map<String, Object> fields = fields(b, off, len);
        long v = number(fields, AuditFields.V);
        long seq = number(fields, AuditFields.SEQ);
        if (seq < 1) {
            throw AuditLineException.malformed("seq must be >= 1, is " + seq);
        }
        String event = string(fields, AuditFields.EVENT);
        string(fields, AuditFields.TIME);
        String prev = string(fields, AuditFields.PREV);
        if (!Sha256.isHex(prev)) {
            throw AuditLineException.malformed("prev is not 64 lowercase hex digits");
        }
        int version = (int) Math.max(Integer.MIN_VALUE, Math.min(v, Integer.MAX_VALUE));
        return new AuditLine(Collections.unmodifiableMap(fields), seq, version, event, prev, stated);
    }

    /** The seq a line states, read without trusting it; null if it cannot be read. */
    private static Long seqOf(byte[] b, int off, int len) {
        try (JsonParser p = JSON.createParser(b, off, len)) {
            if (p.nextToken() == JsonToken.START_OBJECT && object(p).get(AuditFields.SEQ) instanceof Long seq) {
                return seq;
            }
        } catch (IOException e) {
            // not JSON: no seq
        }
        return null;
    }

    /** The hash in the fixed suffix {@code ,"hash":"HEX64"}}, or why the line has none. */
    private static String statedHash(byte[] b, int off, int len) throws AuditLineException {
        if (len < LineEncoder.SUFFIX_LENGTH + 2 || b[off] != '{') {
            throw AuditLineException.malformed(len == 0 ? "empty line" : "not an audit record");
        }
        int s = off + len - LineEncoder.SUFFIX_LENGTH;
        for (int i = 0; i < HASH_KEY.length; i++) {
            if (b[s + i] != HASH_KEY[i]) {
                throw AuditLineException.malformed("does not end with ,\"hash\":\"<64 hex digits>\"}");
            }
        }
        int h = s + HASH_KEY.length;
        String hex = new String(b, h, Sha256.HEX_LENGTH, StandardCharsets.ISO_8859_1);
        if (!Sha256.isHex(hex) || b[off + len - 2] != '"' || b[off + len - 1] != '}') {
            throw AuditLineException.malformed("does not end with ,\"hash\":\"<64 hex digits>\"}");
        }
        return hex;
    }

    /**
     * A line's fields as JSON values (String, Long, Double, Boolean, null, List, Map), in order, without
     * checking its hash or its schema: what a reader that only shows records (pgguard audit tail) needs.
     */
    public static Map<String, Object> fields(byte[] b, int off, int len) throws AuditLineException {
        try (JsonParser p = JSON.createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw AuditLineException.malformed("not a JSON object");
            }
            Map<String, Object> fields = object(p);
            if (p.nextToken() != null) {
                throw AuditLineException.malformed("text after the JSON object");
            }
            return fields;
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new AuditLineException("json", "not valid JSON: " + why, null, null);
        }
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, value(p));
        }
        return map;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> Collections.unmodifiableMap(object(p));
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield Collections.unmodifiableList(list);
            }
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }

    private static long number(Map<String, Object> fields, String name) throws AuditLineException {
        if (!(fields.get(name) instanceof Long n)) {
            throw AuditLineException.malformed("no integer " + name);
        }
        return n;
    }

    private static String string(Map<String, Object> fields, String name) throws AuditLineException {
        if (!(fields.get(name) instanceof String s)) {
            throw AuditLineException.malformed("no string " + name);
        }
        return s;
    }

    /** Every field of the line, the writer's included, in order. */
    public Map<String, Object> fields() {
        return fields;
    }

    public long seq() {
        return seq;
    }

    /** The schema version ({@code v}). */
    public int version() {
        return version;
    }

    /** The event id as written (an unknown id is kept: a newer writer may know more events). */
    public String event() {
        return event;
    }

    public String time() {
        return (String) fields.get(AuditFields.TIME);
    }

    public String prev() {
        return prev;
    }

    public String hash() {
        return hash;
    }

    /** A field of the record, or null. */
    public Object get(String name) {
        return fields.get(name);
    }

    @Override
    public String toString() {
        return "seq " + seq + " " + event;
    }
}
