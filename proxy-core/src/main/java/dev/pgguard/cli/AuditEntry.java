package dev.pgguard.cli;

import dev.pgguard.audit.AuditFields;
import dev.pgguard.audit.AuditLine;
import dev.pgguard.audit.AuditLineException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One audit record as {@code tail} and {@code show} read it: the line's text and its fields, in order. The hash
 * and the chain are not checked here: judging them is {@code verify}'s job, and an edited record is still worth
 * reading. A line that is not a JSON object with an integer {@code seq} and a string {@code event} is not a
 * record ({@link #parse} says why).
 *
 * @param text   the line as it is in the file, without its newline
 * @param fields every field in the order of the line: strings, longs, doubles, booleans, nulls, lists, maps
 */
record AuditEntry(Path file, long line, String text, Map<String, Object> fields) {

    /** A line that is not a record, and why. */
    static final class NotARecord extends Exception {
        NotARecord(String message) {
            super(message);
        }
    }

    static AuditEntry parse(AuditFileCursor.Line line) throws NotARecord {
        if (line.tooLong()) {
            throw new NotARecord("longer than " + CliJson.MAX_LINE_BYTES / (1024 * 1024)
                    + " MiB, the most pgguard reads");
        }
        if (line.length() == 0) {
            throw new NotARecord("empty line");
        }
        Map<String, Object> fields;
        try {
            fields = AuditLine.fields(line.bytes(), 0, line.length()); // shown as written: verify checks hashes
        } catch (AuditLineException e) {
            throw new NotARecord(e.getMessage());
        }
        if (!(fields.get(AuditFields.SEQ) instanceof Long)) {
            throw new NotARecord("no integer seq");
        }
        if (!(fields.get(AuditFields.EVENT) instanceof String)) {
            throw new NotARecord("no event");
        }
        String text = new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8);
        return new AuditEntry(line.file(), line.number(), text, Collections.unmodifiableMap(fields));
    }

    long seq() {
        return (Long) fields.get(AuditFields.SEQ);
    }

    String event() {
        return (String) fields.get(AuditFields.EVENT);
    }

    /** The record's time, null when it has none that parses. */
    Instant time() {
        if (fields.get(AuditFields.TIME) instanceof String s) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** A string field, null when absent or not a string. */
    String string(String name) {
        return fields.get(name) instanceof String s ? s : null;
    }

    /** An integer field, null when absent or not an integer. */
    Long number(String name) {
        return fields.get(name) instanceof Long n ? n : null;
    }

    /** A field's strings: a list's string elements, or the one string; empty otherwise. */
    List<String> strings(String name) {
        Object value = fields.get(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Where the line is, for messages: {@code audit.jsonl line 7}. */
    String where() {
        return file.getFileName() + " line " + line;
    }
}
