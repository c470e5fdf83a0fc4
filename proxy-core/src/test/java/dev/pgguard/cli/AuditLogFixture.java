package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFields;
import dev.pgguard.audit.AuditRecord;
import dev.pgguard.audit.AuditSettings;
import dev.pgguard.audit.AuditWriter;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Real audit logs for the {@code pgguard audit} tests, written by the real {@link AuditWriter} on a clock the
 * test moves, and a way to run the commands with terminal, environment and clock pinned.
 */
final class AuditLogFixture {

    /** The time of seq 1; record n of {@link #writeStory} is written {@code n - 1} seconds later. */
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private AuditLogFixture() {
    }

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static AuditWriter open(Path dir, Clock clock, long rotateSize) {
        return AuditWriter.open(AuditSettings.DEFAULTS.withDirectory(dir).withRotation(rotateSize, false), clock);
    }

    /**
     * Two sessions: cursor-ci on app reads, has a DELETE held and approved, then a statement fails (23505); claude on prod
     * has a DROP refused and an UPDATE held and denied. 14 records, seq n at {@code T0 + (n - 1) s}:
     * <pre>
     *  1 audit.opened            8 session.authenticated  s:2 claude prod
     *  2 session.authenticated   9 statement.refused      s:2 #1 DROP TABLE users
     *  3 statement.allowed #1   10 statement.held         s:2 #2 hold m3n4p5 UPDATE accounts
     *  4 statement.outcome #1   11 hold.denied            s:2 #2 hold m3n4p5 by bob
     *  5 statement.held #2      12 statement.outcome      s:1 #3 23505
     *  6 hold.approved #2       13 session.closed         s:1
     *  7 statement.outcome #2   14 audit.closed
     * </pre>
     */
    static void writeStory(Path dir) throws Exception {
        TestClock clock = new TestClock(T0);
        AuditWriter w = open(dir, clock, 0);
        try {
            append(w, clock, 2, session(AuditEvent.SESSION_AUTHENTICATED, "1", "cursor-ci", "app")
                    .put(AuditFields.USER, "app_rw"));
            append(w, clock, 3, statement(AuditEvent.STATEMENT_ALLOWED, "1", "cursor-ci", "app", 1,
                    "SELECT * FROM users WHERE id = 1", "users"));
            append(w, clock, 4, session(AuditEvent.STATEMENT_OUTCOME, "1", "cursor-ci", "app")
                    .put(AuditFields.QUERY, 1).put(AuditFields.TAG, "SELECT 1").put(AuditFields.ROWS, 1)
                    .put(AuditFields.DURATION_US, 1200));
            append(w, clock, 5, statement(AuditEvent.STATEMENT_HELD, "1", "cursor-ci", "app", 2,
                    "DELETE FROM orders\n  WHERE id = 3", "orders").put(AuditFields.HOLD, "k7p2xq"));
            append(w, clock, 6, session(AuditEvent.HOLD_APPROVED, "1", "cursor-ci", "app")
                    .put(AuditFields.QUERY, 2).put(AuditFields.HOLD, "k7p2xq").put(AuditFields.APPROVER, "alice")
                    .put(AuditFields.REASON, "ok").put(AuditFields.WAIT_US, 4_000_000));
            append(w, clock, 7, session(AuditEvent.STATEMENT_OUTCOME, "1", "cursor-ci", "app")
                    .put(AuditFields.QUERY, 2).put(AuditFields.TAG, "DELETE 3").put(AuditFields.ROWS, 3)
                    .put(AuditFields.DURATION_US, 800));
            append(w, clock, 8, session(AuditEvent.SESSION_AUTHENTICATED, "2", "claude", "prod")
                    .put(AuditFields.USER, "admin"));
            append(w, clock, 9, statement(AuditEvent.STATEMENT_REFUSED, "2", "claude", "prod", 1,
                    "DROP TABLE users", "users").put(AuditFields.REASON, "drop: denied by policy"));
            append(w, clock, 10, statement(AuditEvent.STATEMENT_HELD, "2", "claude", "prod", 2,
                    "UPDATE accounts SET balance = 0", "accounts").put(AuditFields.HOLD, "m3n4p5"));
            append(w, clock, 11, session(AuditEvent.HOLD_DENIED, "2", "claude", "prod")
                    .put(AuditFields.QUERY, 2).put(AuditFields.HOLD, "m3n4p5").put(AuditFields.APPROVER, "bob")
                    .put(AuditFields.REASON, "not in prod").put(AuditFields.WAIT_US, 9_000_000));
            append(w, clock, 12, session(AuditEvent.STATEMENT_OUTCOME, "1", "cursor-ci", "app")
                    .put(AuditFields.QUERY, 3).put(AuditFields.SQLSTATE, "23505")
                    .put(AuditFields.MESSAGE, "duplicate key value violates unique constraint")
                    .put(AuditFields.DURATION_US, 500));
            append(w, clock, 13, session(AuditEvent.SESSION_CLOSED, "1", "cursor-ci", "app")
                    .put(AuditFields.DURATION_US, 12_000_000));
            clock.set(at(14));
        } finally {
            w.close();
        }
    }

    /** The time of seq n in {@link #writeStory}. */
    static Instant at(int seq) {
        return T0.plusSeconds(seq - 1);
    }

    /**
     * Appends with the clock at seq's time. Not waited for: a batched record waits for company (group commit),
     * and close() writes everything queued; a rejected record fails here.
     */
    static CompletableFuture<Void> append(AuditWriter w, TestClock clock, int seq, AuditRecord.Builder record) {
        clock.set(at(seq));
        CompletableFuture<Void> f = w.append(record.build());
        if (f.isCompletedExceptionally()) {
            f.join();
        }
        return f;
    }

    static AuditRecord.Builder session(AuditEvent event, String session, String agent, String database) {
        return AuditRecord.builder(event).put(AuditFields.SESSION, session).put(AuditFields.AGENT, agent)
                .put(AuditFields.CLIENT, "127.0.0.1:50000").put(AuditFields.DATABASE, database);
    }

    static AuditRecord.Builder statement(AuditEvent event, String session, String agent, String database,
                                         long query, String sql, String table) {
        return session(event, session, agent, database).put(AuditFields.QUERY, query)
                .put(AuditFields.PROTOCOL, "simple").put(AuditFields.SQL, sql)
                .put(AuditFields.TABLES, List.of(table));
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** Runs {@code pgguard audit ...} on the story's day, not a terminal, no environment. */
    static CliRun run(String... args) {
        return run(cl -> { }, args);
    }

    static CliRun run(Consumer<CommandLine> setup, String... args) {
        return CliRun.run("", cl -> {
            pin(cl, false, Map.of(), at(14).plusSeconds(3600));
            setup.accept(cl);
        }, args);
    }

    /** Pins terminal, environment and clock of every audit subcommand. */
    static void pin(CommandLine cl, boolean terminal, Map<String, String> env, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        AuditTailCommand tail = tail(cl);
        tail.terminal = terminal;
        tail.env = env::get;
        tail.clock = clock;
        AuditShowCommand show = show(cl);
        show.terminal = terminal;
        show.env = env::get;
        show.clock = clock;
    }

    static AuditTailCommand tail(CommandLine cl) {
        return audit(cl).getSubcommands().get("tail").getCommand();
    }

    static AuditShowCommand show(CommandLine cl) {
        return audit(cl).getSubcommands().get("show").getCommand();
    }

    private static CommandLine audit(CommandLine cl) {
        return cl.getSubcommands().get("audit");
    }
}
