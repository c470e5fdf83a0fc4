package dev.pgguard.approval.control;

import dev.pgguard.classifier.CatalogFacts;
import dev.pgguard.classifier.CatalogFacts.Questions;
import dev.pgguard.classifier.CatalogFacts.Reach;
import dev.pgguard.classifier.TableRef;
import dev.pgguard.config.UpstreamConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Answers a table scope's {@link Questions} from one environment's catalog, through pgguard's control
 * connections, for the agents with a scope (README: "Agents, environments, table scope and write grants").
 *
 * <p>Answers are kept {@link #FRESH_FOR}: a statement whose relations were all looked up that recently is
 * answered at once, on the caller's thread, which is what keeps a scoped agent's hot path off the database.
 * The price is that a view redefined by someone else is seen up to that long late. A relation that does not
 * exist is never kept (a view created under that name must be seen at once). Anything else goes to a worker
 * thread and a future, failed when the database does not answer within the timeout: the caller refuses then.
 */
public final class CatalogLookup implements AutoCloseable {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    /** Kept answers per environment at most; past that stale ones are dropped, and all if none is stale. */
    private static final int MAX_KEPT = 10_000;
    private static final int WORKERS = 2;
    /** Statements of scoped agents wait in it; a queue this long means the database is not answering. */
    private static final int QUEUE = 256;

    private record Key(String database, Object question) {
    }

    /** What one question got: the relation's read and write reach, or whether public has the function. */
    private record Kept(Object answer, long atNanos) {
    }

    private record Reaches(Reach read, Reach write) {
    }

    private final UpstreamConfig upstream;
    private final ControlPools pools;
    private final Duration timeout;
    private final LongSupplier nanoTime;
    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;

    /**
     * @param upstream the environment's upstream (its {@code database}, when set, is where every lookup goes)
     * @param pools    pgguard's control connections to it; the caller closes them, after this lookup
     * @param timeout  how long a lookup may take before the statement is refused
     */
    public CatalogLookup(UpstreamConfig upstream, ControlPools pools, Duration timeout) {
        this(upstream, pools, timeout, System::nanoTime);
    }

    CatalogLookup(UpstreamConfig upstream, ControlPools pools, Duration timeout, LongSupplier nanoTime) {
        this.upstream = upstream;
        this.pools = pools;
        this.timeout = timeout;
        this.nanoTime = nanoTime;
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                DaemonThreads.named("pgguard-catalog"));
        workers.allowCoreThreadTimeOut(true);
    }

    /**
     * The answers to {@code questions} in {@code database} (the client's; the upstream's own when it pins one):
     * completed at once when every answer is kept and fresh, else later on a worker thread. Fails with a
     * {@link CatalogUnavailableException} that says why when the catalog cannot be read in time.
     */
    public CompletableFuture<CatalogFacts> facts(String database, Questions questions) {
        String db = upstream.database().orElse(database);
        Answers answers = new Answers();
        long now = nanoTime.getAsLong();
        List<TableRef> relations = fromKept(db, questions.relations(), Reaches.class, answers.relations, now);
        List<String> functions = fromKept(db, questions.functions(), Boolean.class, answers.functions, now);
        if (relations.isEmpty() && functions.isEmpty()) {
            return CompletableFuture.completedFuture(answers);
        }
        CompletableFuture<CatalogFacts> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                if (!result.isDone()) { // timed out while queued: no connection taken for nothing
                    lookUp(db, relations, functions, answers, result);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CatalogUnavailableException(workers.isShutdown()
                    ? "pgguard is shutting down" : "too many catalog lookups are waiting"));
        }
        result.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result.thenApply(facts -> {
            if (facts == null) {
                throw new CatalogUnavailableException("the catalog did not answer within " + timeout.toMillis() + " ms");
            }
            return facts;
        });
    }

    private void lookUp(String db, List<TableRef> relations, List<String> functions, Answers answers,
                        CompletableFuture<CatalogFacts> result) {
        try (Connection conn = pools.connection(db)) {
            CatalogReader.Answer read = CatalogReader.read(conn, relations, functions, timeout.toMillis());
            long now = nanoTime.getAsLong();
            for (TableRef t : relations) {
                Reaches r = new Reaches(read.graph().reach(t, false), read.graph().reach(t, true));
                answers.relations.put(t, r);
                if (read.existing().contains(t)) {
                    keep(new Key(db, t), r, now);
                }
            }
            for (String f : functions) {
                boolean inPublic = read.publicFunctions().contains(f);
                answers.functions.put(f, inPublic);
                keep(new Key(db, f), inPublic, now);
            }
            result.complete(answers);
        } catch (SQLException e) {
            result.completeExceptionally(new CatalogUnavailableException(SqlErrors.describe(e)));
        } catch (RuntimeException e) {
            result.completeExceptionally(new CatalogUnavailableException(e.toString()));
        }
    }

    /** Puts the fresh kept answers to {@code asked} into {@code answers}; returns the questions left. */
    private <Q, A> List<Q> fromKept(String db, Collection<Q> asked, Class<A> type, Map<Q, A> answers, long now) {
        List<Q> left = new ArrayList<>();
        for (Q q : asked) {
            Object known = fresh(new Key(db, q), now);
            if (type.isInstance(known)) {
                answers.put(q, type.cast(known));
            } else {
                left.add(q);
            }
        }
        return left;
    }

    private Object fresh(Key key, long now) {
        Kept k = kept.get(key);
        return k != null && now - k.atNanos() < FRESH_FOR.toNanos() ? k.answer() : null;
    }

    private void keep(Key key, Object answer, long now) {
        if (kept.size() >= MAX_KEPT) {
            kept.values().removeIf(k -> now - k.atNanos() >= FRESH_FOR.toNanos());
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
        }
        kept.put(key, new Kept(answer, now));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /**
     * The answers of one call, kept ones and fetched ones. Filled before the future completes and read after, so
     * plain maps do.
     */
    private static final class Answers implements CatalogFacts {
        private final Map<TableRef, Reaches> relations = new HashMap<>();
        private final Map<String, Boolean> functions = new HashMap<>();

        @Override
        public Reach reach(TableRef table, boolean write) {
            Reaches r = relations.get(table);
            if (r == null) {
                throw new IllegalStateException("the catalog was not asked about " + table);
            }
            return write ? r.write() : r.read();
        }

        @Override
        public boolean publicHasFunction(String name) {
            Boolean inPublic = functions.get(name);
            if (inPublic == null) {
                throw new IllegalStateException("the catalog was not asked about function " + name);
            }
            return inPublic;
        }
    }
}
