package dev.pgguard.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Helpers for tests on real files: settings in a temp dir, typical records, lines in and out. */
final class TestLogs {

    private TestLogs() {
    }

    static AuditSettings settings(Path dir) {
        return AuditSettings.DEFAULTS.withDirectory(dir);
    }

    /** A statement.allowed record like the proxy's, numbered. */
    static AuditRecord statement(long n) {
        return AuditRecord.builder(AuditEvent.STATEMENT_ALLOWED)
                .put(AuditFields.SESSION, "s" + n % 7)
                .put(AuditFields.AGENT, "cursor-ci")
                .put(AuditFields.CLIENT, "127.0.0.1:54321")
                .put(AuditFields.DATABASE, "app")
                .put(AuditFields.PROTOCOL, "simple")
                .put(AuditFields.QUERY, n)
                .put(AuditFields.SQL, "SELECT * FROM users WHERE id = " + n)
                .put(AuditFields.KINDS, List.of("SELECT"))
                .build();
    }

    static void await(CompletableFuture<Void> f) throws Exception {
        f.get(10, TimeUnit.SECONDS);
    }

    /** Appends {@code n} records numbered from {@code from} and waits for all. */
    static void appendAll(AuditWriter w, long from, int n) throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (long i = from; i < from + n; i++) {
            all.add(w.append(statement(i)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    static List<Path> listAll(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** The line with its body changed by {@code edit} and its hash recomputed: a forger's edit. */
    static String rehash(String line, UnaryOperator<String> edit) {
        String body = edit.apply(line.substring(0, line.length() - LineEncoder.SUFFIX_LENGTH));
        byte[] digest = Sha256.newDigest().digest(body.getBytes(StandardCharsets.UTF_8));
        return body + ",\"hash\":\"" + Sha256.hex(digest) + "\"}";
    }

    static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    static List<AuditLine> parsed(Path file) throws Exception {
        List<AuditLine> out = new ArrayList<>();
        for (String l : lines(file)) {
            out.add(AuditLine.parse(l));
        }
        return out;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
