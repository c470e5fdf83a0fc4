package dev.pgguard.classifier.bench;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.classifier.ClassifierSession;
import dev.pgguard.classifier.Policy;
import dev.pgguard.classifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statements;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What classifying one message costs, per workload, three ways:
 * <ul>
 *   <li>{@code *_classifier}: the real configuration, a {@link Classifier} with {@link ClassifierLimits#DEFAULT}
 *       shared by all benchmark threads, one {@link ClassifierSession} per thread under {@link Policy#DEFAULT};</li>
 *   <li>{@code *_noCache}: the same with {@link ClassifierLimits#withoutCache()}: a full analysis every call;</li>
 *   <li>{@code *_jsqlparser}: the baseline, JSqlParser alone parsing the same text
 *       ({@code CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statement()}, or
 *       {@code .Statements()} for the multi-statement message).</li>
 * </ul>
 * Workloads with fresh literals cycle through {@link Workloads#SIZE} distinct precomputed strings, more than the
 * exact-text cache holds, so that cache misses on every call and the fingerprint cache hits. The {@code tpcb*}
 * benchmarks report time per statement (the message benchmark divides by its 5 statements).
 *
 * <p>Run: {@code bench/classifier-bench.sh} (or {@code java -jar sql-classifier/target/benchmarks.jar}).
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ClassifierBenchmark {

    // ---------------------------------------------------------------- classifiers and sessions

    /** The classifier as the proxy runs it: default limits, both caches on; one per process. */
    @State(Scope.Benchmark)
    public static class Cached {
        Classifier classifier;

        @Setup(Level.Trial)
        public void setUp() {
            classifier = new Classifier(ClassifierLimits.DEFAULT);
        }
    }

    /** Default limits without any cache: every call tokenizes and analyses from scratch. */
    @State(Scope.Benchmark)
    public static class Uncached {
        Classifier classifier;

        @Setup(Level.Trial)
        public void setUp() {
            classifier = new Classifier(ClassifierLimits.DEFAULT.withoutCache());
        }
    }

    /** One client session per benchmark thread, on the shared cached classifier. */
    @State(Scope.Thread)
    public static class CachedSession {
        ClassifierSession session;

        @Setup(Level.Trial)
        public void setUp(Cached cached) {
            session = cached.classifier.newSession(Policy.DEFAULT);
        }
    }

    /** One client session per benchmark thread, on the shared uncached classifier. */
    @State(Scope.Thread)
    public static class UncachedSession {
        ClassifierSession session;

        @Setup(Level.Trial)
        public void setUp(Uncached uncached) {
            session = uncached.classifier.newSession(Policy.DEFAULT);
        }
    }

    // ---------------------------------------------------------------- workloads

    /** A precomputed array of messages, read in a cycle; per thread, with a per-thread seed. */
    public abstract static class Cycle {
        String[] sql;
        private int next;

        final String next() {
            String s = sql[next];
            if (++next == sql.length) {
                next = 0;
            }
            return s;
        }

        final void load(String[] messages, int statementsPerMessage) {
            sql = messages;
            next = 0;
            for (int i = 0; i < 16; i++) {
                check(messages[i], statementsPerMessage);
            }
        }

        static long seed(ThreadParams thread) {
            return 0x5eed_0000L + thread.getThreadIndex();
        }
    }

    @State(Scope.Thread)
    public static class PgbenchSelect extends Cycle {
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            load(Workloads.pgbenchSelect(seed(thread)), 1);
        }
    }

    @State(Scope.Thread)
    public static class OrmSelect extends Cycle {
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            load(Workloads.ormSelect(seed(thread)), 1);
        }
    }

    @State(Scope.Thread)
    public static class CatalogQuery extends Cycle {
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            load(Workloads.catalogQuery(seed(thread)), 1);
        }
    }

    @State(Scope.Thread)
    public static class TpcbStatements extends Cycle {
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            load(Workloads.tpcbStatements(seed(thread)), 1);
        }
    }

    @State(Scope.Thread)
    public static class TpcbMessage extends Cycle {
        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            load(Workloads.tpcbMessage(seed(thread)), 5);
        }
    }

    /**
     * One message sent again and again, as a driver re-sends the Parse of a parameterised ORM query: the text
     * and its UTF-8 bytes (what the relay decodes a message from).
     */
    @State(Scope.Thread)
    public static class Repeat {
        static final String SQL = "SELECT u.id, u.email, u.created_at FROM users u LEFT JOIN orgs o ON o.id = u.org_id"
                + " WHERE u.email = $1 AND u.deleted_at IS NULL ORDER BY u.created_at DESC LIMIT $2 OFFSET $3";
        String sql;
        byte[] utf8;

        @Setup(Level.Trial)
        public void setUp() {
            sql = SQL;
            utf8 = SQL.getBytes(StandardCharsets.UTF_8);
            check(SQL, 1);
        }
    }

    /**
     * Fails the trial unless the message is what the workload claims: allowed, with the expected number of
     * statements, and parsed by JSqlParser (a benchmark of an error path would measure the wrong thing).
     */
    static void check(String sql, int statements) {
        Classification c = new Classifier(ClassifierLimits.DEFAULT).classify(sql);
        if (c.verdict() != Verdict.ALLOW || c.statements().size() != statements) {
            throw new IllegalStateException("expected " + statements + " allowed statement(s), got " + c.verdict()
                    + " " + c.rules() + " for: " + sql);
        }
        try {
            if (statements == 1) {
                parse(sql);
            } else {
                int n = parseAll(sql).size();
                if (n != statements) {
                    throw new IllegalStateException("JSqlParser read " + n + " statements in: " + sql);
                }
            }
        } catch (ParseException e) {
            throw new IllegalStateException("JSqlParser refuses: " + sql, e);
        }
    }

    private static net.sf.jsqlparser.statement.Statement parse(String sql) throws ParseException {
        return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statement();
    }

    private static Statements parseAll(String sql) throws ParseException {
        return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false).Statements();
    }

    // ---------------------------------------------------------------- (a) pgbench select, fresh literal

    @Benchmark
    public Classification pgbenchSelect_classifier(CachedSession s, PgbenchSelect w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Classification pgbenchSelect_noCache(UncachedSession s, PgbenchSelect w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Object pgbenchSelect_jsqlparser(PgbenchSelect w) throws ParseException {
        return parse(w.next());
    }

    // ---------------------------------------------------------------- (b) ORM select, fresh literals

    @Benchmark
    public Classification ormSelect_classifier(CachedSession s, OrmSelect w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Classification ormSelect_noCache(UncachedSession s, OrmSelect w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Object ormSelect_jsqlparser(OrmSelect w) throws ParseException {
        return parse(w.next());
    }

    // ---------------------------------------------------------------- (c) psql \d catalog query, fresh oid

    @Benchmark
    public Classification catalogQuery_classifier(CachedSession s, CatalogQuery w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Classification catalogQuery_noCache(UncachedSession s, CatalogQuery w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Object catalogQuery_jsqlparser(CatalogQuery w) throws ParseException {
        return parse(w.next());
    }

    // ---------------------------------------------------------------- tpcb-like, one statement per message

    @Benchmark
    public Classification tpcbStatements_classifier(CachedSession s, TpcbStatements w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Classification tpcbStatements_noCache(UncachedSession s, TpcbStatements w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    public Object tpcbStatements_jsqlparser(TpcbStatements w) throws ParseException {
        return parse(w.next());
    }

    // ---------------------------------------------------------------- tpcb-like, 5 statements in one message

    @Benchmark
    @OperationsPerInvocation(5)
    public Classification tpcbMessage_classifier(CachedSession s, TpcbMessage w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    @OperationsPerInvocation(5)
    public Classification tpcbMessage_noCache(UncachedSession s, TpcbMessage w) {
        return s.session.classify(w.next());
    }

    @Benchmark
    @OperationsPerInvocation(5)
    public Object tpcbMessage_jsqlparser(TpcbMessage w) throws ParseException {
        return parseAll(w.next());
    }

    // ---------------------------------------------------------------- exact repeat of one message

    /** The same String instance every time: its hash is cached, equality is identity (the best case). */
    @Benchmark
    public Classification exactRepeat_classifier(CachedSession s, Repeat w) {
        return s.session.classify(w.sql);
    }

    /** A new String decoded from the message's bytes every time, as the relay gets it: hash and equals paid. */
    @Benchmark
    public Classification exactRepeatDecoded_classifier(CachedSession s, Repeat w) {
        return s.session.classify(new String(w.utf8, StandardCharsets.UTF_8));
    }

    @Benchmark
    public Object exactRepeat_jsqlparser(Repeat w) throws ParseException {
        return parse(w.sql);
    }
}
