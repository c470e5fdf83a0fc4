package dev.pgguard.proxy.audit;

import static dev.pgguard.audit.AuditFields.ADDED;
import static dev.pgguard.audit.AuditFields.AGENT;
import static dev.pgguard.audit.AuditFields.ENDED;
import static dev.pgguard.audit.AuditFields.EXPIRES;
import static dev.pgguard.audit.AuditFields.GRANT;
import static dev.pgguard.audit.AuditFields.REVOKED;
import static dev.pgguard.audit.AuditFields.APPROVER;
import static dev.pgguard.audit.AuditFields.CLIENT;
import static dev.pgguard.audit.AuditFields.DATABASE;
import static dev.pgguard.audit.AuditFields.DURATION_US;
import static dev.pgguard.audit.AuditFields.ENVIRONMENT;
import static dev.pgguard.audit.AuditFields.FINGERPRINT;
import static dev.pgguard.audit.AuditFields.HOLD;
import static dev.pgguard.audit.AuditFields.KINDS;
import static dev.pgguard.audit.AuditFields.MESSAGE;
import static dev.pgguard.audit.AuditFields.PARAMS;
import static dev.pgguard.audit.AuditFields.PORTAL_NAME;
import static dev.pgguard.audit.AuditFields.PROTOCOL;
import static dev.pgguard.audit.AuditFields.QUERY;
import static dev.pgguard.audit.AuditFields.REASON;
import static dev.pgguard.audit.AuditFields.ROWS;
import static dev.pgguard.audit.AuditFields.RULES;
import static dev.pgguard.audit.AuditFields.SESSION;
import static dev.pgguard.audit.AuditFields.SQL;
import static dev.pgguard.audit.AuditFields.SQLSTATE;
import static dev.pgguard.audit.AuditFields.SQL_REDACTED;
import static dev.pgguard.audit.AuditFields.STATEMENT_NAME;
import static dev.pgguard.audit.AuditFields.TABLES;
import static dev.pgguard.audit.AuditFields.TAG;
import static dev.pgguard.audit.AuditFields.USER;
import static dev.pgguard.audit.AuditFields.WAIT_US;

import dev.pgguard.proxy.access.Grant;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldState;
import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditRecord;
import dev.pgguard.audit.AuditSettings;
import dev.pgguard.audit.AuditTableSink;
import dev.pgguard.audit.AuditWriter;
import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.TableRef;
import dev.pgguard.config.AuditConfig;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.SessionInfo;
import dev.pgguard.proxy.metrics.AuditMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy tells the audit log (audit-log/README.md has the schema): one method per thing that happens,
 * each building its record and handing it to the {@link AuditWriter}, which writes on a thread of its own. Never
 * blocks; a record that cannot be queued is reported to the caller (false, or a failed future), which then
 * refuses the statement when the policy is fail-closed.
 */
public final class AuditTrail implements AutoCloseable {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditWriter writer; // null: no audit log (benchmarks only)
    private final AuditTableSink table; // null: no audit.table
    private final AtomicLong lastRejectionWarning = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
    private final boolean failClosed;
    private final boolean redactLiterals;

    private AuditTrail(AuditWriter writer, AuditTableSink table, boolean failClosed, boolean redactLiterals) {
        this.writer = writer;
        this.table = table;
        this.failClosed = failClosed;
        this.redactLiterals = redactLiterals;
    }

    /**
     * No audit log at all: every record is dropped. Only for measuring what the audit log costs
     * ({@code -Dpgguard.unsafe.noAudit=true}, bench/pgbench-compare.sh's pgguard-noaudit target).
     */
    public static AuditTrail disabled() {
        return new AuditTrail(null, null, false, false);
    }

    public boolean enabled() {
        return writer != null;
    }

    /** The writer's counters and health on /metrics (nothing when there is no audit log). */
    public void bindMetrics(MeterRegistry registry) {
        if (writer != null) {
            AuditMetrics.bind(writer, registry);
        }
        if (table != null) {
            AuditMetrics.bindTable(table, registry);
        }
    }

    /**
     * Opens the writer, then the table sink if {@code audit.table} names one: it ships from the files the writer
     * writes, on its own thread, and neither fails nor waits when the audit database is down.
     */
    public static AuditTrail open(AuditConfig config) {
        AuditSettings settings = AuditSettings.from(config);
        AuditWriter writer = AuditWriter.open(settings, Clock.systemUTC());
        AuditTableSink table = config.table()
                .map(t -> AuditTableSink.start(t, settings, () -> writer.health().lastSeq())).orElse(null);
        return new AuditTrail(writer, table, config.failClosed(), config.redactLiterals());
    }

    /** Fail-closed: a statement whose record cannot be written is refused. */
    public boolean failClosed() {
        return failClosed;
    }

    /** Why a record was refused: the writer's failure, or, while it is healthy, its full queue. */
    public String unavailableReason() {
        return writer != null && !writer.health().ok() ? writer.health().reason() : "its queue is full";
    }

    // ---- sessions

    /** A client sent its startup message (before authentication): who it says it is and where from. */
    public void sessionOpened(SessionInfo s) {
        record(session(AuditEvent.SESSION_OPENED, s).put(USER, s.agent()).build());
    }

    public void sessionAuthenticated(SessionInfo s) {
        record(session(AuditEvent.SESSION_AUTHENTICATED, s).put(USER, s.agent()).build());
    }

    public void sessionRefused(String client, String user, String database, String sqlState, String message) {
        AuditRecord.Builder b = AuditRecord.builder(AuditEvent.SESSION_REFUSED).put(CLIENT, client);
        putOrNull(b, USER, user);
        putOrNull(b, DATABASE, database);
        record(b.put(SQLSTATE, sqlState).put(MESSAGE, message).build());
    }

    public void grantStarted(Grant g) {
        record(AuditRecord.builder(AuditEvent.GRANT_STARTED).put(GRANT, g.id()).put(AGENT, g.agent())
                .put(TABLES, g.tables()).put(EXPIRES, g.expires().toString()).put(APPROVER, g.approver())
                .put(REASON, g.reason()).build());
    }

    /** @param by who revoked it; null when it expired */
    public void grantEnded(Grant g, String by) {
        AuditRecord.Builder b = AuditRecord.builder(AuditEvent.GRANT_ENDED).put(GRANT, g.id()).put(AGENT, g.agent())
                .put(ENDED, by == null ? "expired" : "revoked");
        putOrNull(b, APPROVER, by);
        record(b.build());
    }

    public void agentsChanged(List<String> added, List<String> revoked) {
        record(AuditRecord.builder(AuditEvent.AGENTS_CHANGED).put(ADDED, added).put(REVOKED, revoked).build());
    }

    public void sessionClosed(SessionInfo s, Duration lasted) {
        record(session(AuditEvent.SESSION_CLOSED, s).put(DURATION_US, micros(lasted)).build());
    }

    // ---- statements

    /**
     * Whether a statement may go on: its record can be queued (or the policy is fail-open). Checked before an
     * allowed statement is forwarded; its record is written with its outcome ({@link #statementAllowed}).
     */
    public boolean admits() {
        return !failClosed || writer == null || writer.writing();
    }

    /**
     * A statement forwarded without a human, with what the database answered (tags, or the first error; none
     * when the session ended before the answer, then {@code durationNanos} is negative).
     */
    public void statementAllowed(InspectedStatement st, Classification c, List<String> tags, String sqlState,
                                 String message, long durationNanos) {
        AuditRecord.Builder b = statement(AuditEvent.STATEMENT_ALLOWED, st, c);
        answer(b, tags, sqlState, message, durationNanos);
        record(b.build());
    }

    /** A FunctionCall let through: recorded at once (it is rare, and its outcome is a value, not a tag). */
    public boolean functionCallAllowed(InspectedStatement st) {
        return accepted(append(statement(AuditEvent.STATEMENT_ALLOWED, st, null).build()));
    }

    public void statementRefused(InspectedStatement st, Classification c, String reason) {
        record(statement(AuditEvent.STATEMENT_REFUSED, st, c).put(REASON, reason).build());
    }

    /** A hold opened: durable, so the future completes once the hold is on disk. */
    public CompletableFuture<Void> statementHeld(InspectedStatement st, Classification c, Hold hold) {
        AuditRecord.Builder b = statement(AuditEvent.STATEMENT_HELD, st, c).put(HOLD, hold.id());
        List<String> params = hold.request().parameters();
        if (!params.isEmpty()) {
            b.put(PARAMS, params);
        }
        return append(b.build());
    }

    /** A hold's end: durable; the session acts on the decision only once this completes (or, fail-open, fails). */
    public CompletableFuture<Void> holdEnded(InspectedStatement st, Hold hold, HoldState state) {
        AuditEvent event = switch (state) {
            case APPROVED -> AuditEvent.HOLD_APPROVED;
            case DENIED -> AuditEvent.HOLD_DENIED;
            case TIMED_OUT -> AuditEvent.HOLD_TIMED_OUT;
            default -> AuditEvent.HOLD_CANCELLED;
        };
        AuditRecord.Builder b = session(event, st.session()).put(QUERY, st.number()).put(HOLD, hold.id());
        putOrNull(b, APPROVER, state == HoldState.APPROVED || state == HoldState.DENIED ? hold.decidedBy() : null);
        putOrNull(b, REASON, state == HoldState.WITHDRAWN ? hold.decidedBy() : hold.reason());
        if (hold.decidedAt() != null) {
            b.put(WAIT_US, micros(Duration.between(hold.createdAt(), hold.decidedAt())));
        }
        return append(b.build());
    }

    /**
     * What the database answered for the statements of one request (everything up to its ReadyForQuery).
     *
     * @param query    the request's first decision recorded apart (an extended-protocol batch may hold several)
     * @param tags     the CommandComplete tags, in order
     * @param sqlState the error's SQLSTATE, or null
     */
    public void outcome(SessionInfo s, long query, List<String> tags, String sqlState, String message,
                        long durationNanos) {
        AuditRecord.Builder b = session(AuditEvent.STATEMENT_OUTCOME, s).put(QUERY, query);
        answer(b, tags, sqlState, message, durationNanos);
        record(b.build());
    }

    private static void answer(AuditRecord.Builder b, List<String> tags, String sqlState, String message,
                               long durationNanos) {
        if (tags.size() == 1) {
            b.put(TAG, tags.get(0));
            long rows = rows(tags.get(0));
            if (rows >= 0) {
                b.put(ROWS, rows);
            }
        } else if (!tags.isEmpty()) {
            b.put(TAG, tags);
        }
        if (sqlState != null) {
            b.put(SQLSTATE, sqlState).put(MESSAGE, message);
        }
        if (durationNanos >= 0) {
            b.put(DURATION_US, durationNanos / 1000);
        }
    }

    private AuditRecord.Builder statement(AuditEvent event, InspectedStatement st, Classification c) {
        AuditRecord.Builder b = session(event, st.session()).put(QUERY, st.number())
                .put(PROTOCOL, st.kind() == InspectedStatement.Kind.SIMPLE_QUERY ? "simple" : "extended");
        if (st.kind() == InspectedStatement.Kind.PARSE || st.kind() == InspectedStatement.Kind.BIND) {
            b.put(STATEMENT_NAME, st.statementName());
        }
        if (st.bind() != null && st.kind() == InspectedStatement.Kind.BIND) {
            b.put(PORTAL_NAME, st.bind().portal());
        }
        String sql = st.sql();
        if (redactLiterals) {
            b.put(SQL, SqlRedaction.redact(sql)).put(SQL_REDACTED, true);
        } else {
            b.put(SQL, sql);
        }
        if (c != null) {
            classification(b, c);
        }
        return b;
    }

    /** Fingerprint, kinds, rules and tables; a one-statement message (nearly all) without any set building. */
    private static void classification(AuditRecord.Builder b, Classification c) {
        if (c.statements().size() == 1) {
            ClassifiedStatement s = c.statements().get(0);
            if (s.fingerprint() != null) {
                b.put(FINGERPRINT, s.fingerprint());
            }
            b.put(KINDS, List.of(s.kind().id())).put(RULES, ruleIds(s.rules())).put(TABLES, tables(s));
            return;
        }
        List<String> fingerprints = new ArrayList<>();
        Set<String> kinds = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        Set<String> tables = new LinkedHashSet<>();
        for (ClassifiedStatement s : c.statements()) {
            if (s.fingerprint() != null) {
                fingerprints.add(s.fingerprint());
            }
            kinds.add(s.kind().id());
            rules.addAll(ruleIds(s.rules()));
            tables.addAll(tables(s));
        }
        b.put(FINGERPRINT, String.join(",", fingerprints)).put(KINDS, List.copyOf(kinds))
                .put(RULES, List.copyOf(rules)).put(TABLES, List.copyOf(tables));
    }

    private static List<String> ruleIds(List<RuleHit> hits) {
        if (hits.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            ids.add(hits.get(i).rule().id());
        }
        return ids;
    }

    /** Read tables, then written ones not read; indexed loops and List.of for one: this runs per statement. */
    private static List<String> tables(ClassifiedStatement s) {
        List<TableRef> reads = s.reads();
        List<TableRef> writes = s.writes();
        if (reads.size() + writes.size() == 1) {
            return List.of((reads.isEmpty() ? writes : reads).get(0).toString());
        }
        List<String> names = new ArrayList<>(reads.size() + writes.size());
        for (int i = 0; i < reads.size(); i++) {
            names.add(reads.get(i).toString());
        }
        for (int i = 0; i < writes.size(); i++) {
            String name = writes.get(i).toString();
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static AuditRecord.Builder session(AuditEvent event, SessionInfo s) {
        AuditRecord.Builder b = AuditRecord.builder(event).put(SESSION, s.id()).put(AGENT, s.agent())
                .put(CLIENT, s.clientAddress()).put(DATABASE, s.database());
        putOrNull(b, ENVIRONMENT, s.environment());
        return b;
    }

    /** A record nobody waits for: queued without a future (most records, one per allowed statement). */
    private void record(AuditRecord record) {
        if (writer != null && writer.offer(record) != null) {
            warnRejected(record);
        }
    }

    private CompletableFuture<Void> append(AuditRecord record) {
        if (writer == null) {
            return DONE;
        }
        CompletableFuture<Void> appended = writer.append(record);
        if (appended.isCompletedExceptionally()) {
            warnRejected(record);
        }
        return appended;
    }

    /** A record the writer refused is never dropped silently: said in the application log, at most every 10 s. */
    private void warnRejected(AuditRecord record) {
        long now = System.nanoTime();
        long last = lastRejectionWarning.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(10) && lastRejectionWarning.compareAndSet(last, now)) {
            log.warn("audit log refused a {} record ({}); {} records refused so far", record.event().id(),
                    unavailableReason(), writer.counters().rejected());
        }
    }

    private boolean accepted(CompletableFuture<Void> appended) {
        // a rejection is immediate (queue full, writer failed): no waiting on the relay's hot path
        return !failClosed || !appended.isCompletedExceptionally();
    }

    /** The row count at the end of a CommandComplete tag ("DELETE 3", "INSERT 0 1", "SELECT 5"), or -1. */
    static long rows(String tag) {
        int start = tag.lastIndexOf(' ') + 1;
        if (start == 0 || start == tag.length() || tag.length() - start > 18) { // 18 digits cannot overflow a long
            return -1;
        }
        long rows = 0;
        for (int i = start; i < tag.length(); i++) { // by hand: no substring per statement
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            rows = rows * 10 + (c - '0');
        }
        return rows;
    }

    private static void putOrNull(AuditRecord.Builder b, String name, String value) {
        if (value == null) {
            b.putNull(name);
        } else {
            b.put(name, value);
        }
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (table != null) {
            table.close(); // after the writer: its last catch-up ships audit.closed too
        }
    }
}
