package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
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
 * interrupt it, so the next call gets a fresh worker. Workers are daemon threads, so an abandoned one never keeps
 * the process alive. A classifier that throws is held the same way: pgguard fails closed.
 */
final class BoundedClassifier implements AutoCloseable {

    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final Function<String, Classification> classification;
    private final long timeoutMillis;
    private final Verdict unanalysable;
    private ExecutorService worker = newWorker();

    /**
     * @param classification what runs on the worker (the real classifier under a policy)
     * @param unanalysable   what the policy makes of the {@code unanalysable} rule: hold, or deny
     */
    BoundedClassifier(Function<String, Classification> classification, long timeoutMillis, Verdict unanalysable) {
        this.classification = classification;
        this.timeoutMillis = timeoutMillis;
        this.unanalysable = unanalysable;
    }

    Outcome classify(String sql) throws InterruptedException {
        Future<Classification> result = worker.submit(() -> classification.apply(sql));
        try {
            return Outcome.of(result.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            return unfinished("analysis exceeded its time bound of " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            return unfinished("analysis failed (" + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    private Outcome unfinished(String reason) {
        return Outcome.unfinished(new RuleHit(Rule.UNANALYSABLE, unanalysable, reason));
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "pgguard-classify-" + WORKERS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
