package dev.pgguard.it.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The audit log of a running pgguard read back as records of field → text (a list of strings comma-separated), to
 * wait for the one a test expects: the writer appends on its own thread, a moment after the decision.
 */
public final class AuditRecords {

    private static final JsonFactory JSON = new JsonFactory();

    private AuditRecords() {
    }

    /** The only record of {@code event} whose {@code key} is {@code value}, once it is there (waits up to 10 s). */
    public static Map<String, String> await(Path dir, String event, String key, String value)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Map<String, String>> found = read(dir).stream()
                    .filter(r -> event.equals(r.get("event")) && value.equals(r.get(key))).toList();
            if (found.size() > 1) {
                throw new AssertionError("more than one " + event + " with " + key + "=" + value + ": " + found);
            }
            if (found.size() == 1) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + event + " with " + key + "=" + value + " in:\n" + read(dir));
            }
            Thread.sleep(50);
        }
    }

    private static List<Map<String, String>> read(Path dir) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.endsWith("}")) { // a line being written is not a record yet
                        out.add(fields(line));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> fields(String line) throws IOException {
        Map<String, String> m = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    List<String> values = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        values.add(p.getText());
                        p.skipChildren();
                    }
                    m.put(name, String.join(",", values));
                } else if (t == JsonToken.START_OBJECT) {
                    p.skipChildren();
                    m.put(name, "{...}");
                } else {
                    m.put(name, t == JsonToken.VALUE_NULL ? null : p.getText());
                }
            }
        }
        return m;
    }
}
