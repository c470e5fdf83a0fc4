package dev.pgguard.proxy.inspect;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierSession;
import dev.pgguard.classifier.Policy;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the classifier in the statement path. One instance per server holds the shared {@link Classifier}
 * (its caches) and a small pool of analysis threads; {@link #forSession} gives each session its own
 * {@link ClassifierSession} (policy, prepared statements, {@code standard_conforming_strings}).
 *
 * <p>On the event loop only cache hits are answered; a statement never seen before (a JSqlParser parse,
 * tens of microseconds to milliseconds) is analysed on the pool and the session resumes when it is done.
 */
public final class ClassifyingInspector implements StatementInspector, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClassifyingInspector.class);
    /** Statements a sane client sends never take this long; a pathological one is held rather than waited on. */
    static final long ANALYSIS_TIMEOUT_MILLIS = 2_000;

    private final Classifier classifier;
    private final Policy policy;
    private final ExecutorService analysis;

    public ClassifyingInspector(Classifier classifier, Policy policy) {
        this.classifier = classifier;
        this.policy = policy;
        this.analysis = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                daemonThreads());
        warmUp();
    }

    /** Loads JSqlParser and the analysers before the first client waits on them. */
    private void warmUp() {
        classifier.newSession(policy).classify("SELECT 1; DELETE FROM t WHERE id = 1; UPDATE t SET a = 1 WHERE b = $1");
    }

    @Override
    public StatementInspector forSession(SessionInfo session) {
        return new PerSession(classifier.newSession(policy));
    }

    @Override
    public CompletionStage<Decision> inspect(InspectedStatement statement) {
        throw new IllegalStateException("inspect() is called on the per-session inspector from forSession()");
    }

    @Override
    public void close() {
        analysis.shutdownNow();
    }

    private final class PerSession implements StatementInspector {
        private final ClassifierSession session;

        PerSession(ClassifierSession session) {
            this.session = session;
        }

        @Override
        public CompletionStage<Decision> inspect(InspectedStatement statement) {
            if (statement.kind() == InspectedStatement.Kind.FUNCTION_CALL) {
                return FunctionCalls.decide(statement);
            }
            return session.classifyAsync(statement.sql(), analysis, ANALYSIS_TIMEOUT_MILLIS)
                    .thenApply(c -> decide(statement, c));
        }

        @Override
        public void serverParameter(String name, String value) {
            if (name.equals("standard_conforming_strings")) {
                session.standardConformingStrings(!value.equalsIgnoreCase("off"));
            }
        }
    }

    private static Decision decide(InspectedStatement statement, Classification c) {
        if (log.isDebugEnabled()) {
            log.debug("{} {} {} rules={}", statement.session().logPrefix(), statement.kind(), c.verdict().id(),
                    c.rules().stream().map(h -> h.rule().id()).toList());
        }
        return switch (c.verdict()) {
            case ALLOW -> Decision.allow();
            case DENY -> Refusals.denied(c);
            case HOLD -> Refusals.held(c);
        };
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "pgguard-classifier-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
