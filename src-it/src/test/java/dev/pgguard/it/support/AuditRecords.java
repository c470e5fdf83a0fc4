package dev.pgguard.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pgguard.audit.AuditLine;
import dev.pgguard.audit.AuditLineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The audit log of a pgguard read back as records of field → text (a list's elements comma-separated), for the
 * assertions: every record once pgguard has stopped, or the one a test expects while it runs (the writer appends
 * on its own thread, a moment after the decision).
 */
public final class AuditRecords {

    private AuditRecords() {
    }

    /**
     * Every record in {@code dir}, in the order written (the file names sort as the files follow each other); a
     * last line without its newline is still being written, not a record yet.
     */
    public static List<Map<String, String>> read(Path dir) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                String text = Files.readString(f);
                text.substring(0, text.lastIndexOf('\n') + 1).lines().forEach(line -> out.add(fields(line)));
            }
        }
        return out;
    }

    /** The only record of {@code event} whose {@code key} is {@code value} among {@code records}. */
    public static Map<String, String> only(List<Map<String, String>> records, String event, String key,
                                           String value) {
        List<Map<String, String>> found = matching(records, event, key, value);
        assertEquals(1, found.size(), () -> "one " + event + " with " + key + "=" + value + " in:\n" + records);
        return found.get(0);
    }

    /** The only record of {@code event} whose {@code key} is {@code value}, once it is there (waits up to 10 s). */
    public static Map<String, String> await(Path dir, String event, String key, String value)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Map<String, String>> records = read(dir);
            if (!matching(records, event, key, value).isEmpty() || System.nanoTime() > deadline) {
                return only(records, event, key, value);
            }
            Thread.sleep(50);
        }
    }

    private static List<Map<String, String>> matching(List<Map<String, String>> records, String event, String key,
                                                      String value) {
        return records.stream().filter(r -> event.equals(r.get("event")) && value.equals(r.get(key))).toList();
    }

    private static Map<String, String> fields(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> json;
        try {
            json = AuditLine.fields(b, 0, b.length);
        } catch (AuditLineException e) {
            throw new AssertionError("not an audit record: " + line, e);
        }
        Map<String, String> m = new HashMap<>(); // not Collectors.toMap: it refuses null values
        json.forEach((name, v) -> m.put(name, text(v)));
        return m;
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(AuditRecords::text).collect(Collectors.joining(","));
        }
        return value == null ? null : value.toString();
    }
}
