package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Policy;
import dev.pgguard.classifier.Rule;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.Verdict;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Classifies on a worker thread, each call within a time bound. Past the bound the SQL is held as
 * {@code unanalysable} and the worker is abandoned: Java cannot stop a thread stuck in a pathological input, only
 * interrupt it. The workers are a cached pool, so the next call runs on an idle worker or a fresh one, never
 * queued behind the stuck one; they are daemon threads, so an abandoned one never keeps the process alive. A
 * classifier that throws is held the same way: pgguard fails closed.
 *
 * <p>Not {@code ClassifierSession.classifyAsync}, which bounds the analysis too: its late answer is a
 * classification of one statement, while the CLI reports an unfinished analysis as a rule about the whole input
 * ({@code "statement": 0}, no statements), and it has no way in for the classification tests substitute.
 */
final class BoundedClassifier implements AutoCloseable {

    private final AtomicInteger workers = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "pgguard-classify-" + workers.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final Function<String, Classification> classification;
    private final long timeoutMillis;
    private final Verdict unanalysable;

    /**
     * @param classification what runs on a worker (the real classifier under {@code policy})
     * @param policy         what makes of the {@code unanalysable} rule a hold, or a deny
     */
    BoundedClassifier(Function<String, Classification> classification, long timeoutMillis, Policy policy) {
        this.classification = classification;
        this.timeoutMillis = timeoutMillis;
        this.unanalysable = policy.action(Rule.UNANALYSABLE).verdict(); // never off: the policy refuses that
    }

    Outcome classify(String sql) throws InterruptedException {
        Future<Classification> result = pool.submit(() -> classification.apply(sql));
        try {
            return Outcome.of(result.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            result.cancel(true);
            // The classifier's own wording for the same bound (ClassifierSession.classifyAsync).
            return unfinished("analysis exceeded its time bound of " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            return unfinished("analysis failed (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    private Outcome unfinished(String reason) {
        return Outcome.unfinished(new RuleHit(Rule.UNANALYSABLE, unanalysable, reason));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
