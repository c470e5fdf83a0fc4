package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The classifier as one client session sees it: its policy, the {@code standard_conforming_strings} its
 * server reported, and the SQL-level prepared statements it has defined (for the
 * {@code execute-unseen-prepare} rule). Not thread-safe: a session classifies its messages one after the
 * other, each after the previous one's classification completed.
 */
public final class ClassifierSession {

    private final Classifier classifier;
    private final Policy policy;
    private final Map<String, Boolean> preparedSafe = new HashMap<>();
    private volatile boolean standardConformingStrings = true;

    ClassifierSession(Classifier classifier, Policy policy) {
        this.classifier = classifier;
        this.policy = policy;
    }

    /** From the server's ParameterStatus: when off, a backslash escapes a quote in {@code '...'}. */
    public void standardConformingStrings(boolean on) {
        this.standardConformingStrings = on;
    }

    /**
     * Classifies one message and records what it prepares or deallocates. A PREPARE counts as safe only when
     * its statement is allowed; a name once prepared unsafe stays unsafe until deallocated (PostgreSQL
     * refuses to redefine a name, so a later safe PREPARE of it would fail on the server).
     */
    public Classification classify(String sql) {
        return apply(classifier.analyse(sql, standardConformingStrings));
    }

    /**
     * For callers that must not block (an event loop): answers at once, already completed, when the caches
     * can; otherwise analyses on {@code executor}. An analysis that takes longer than {@code timeoutMillis},
     * or that the executor refuses, gives a hold under rule {@code unanalysable}; the session's state then
     * moves on with that answer, never with the late one.
     */
    public CompletableFuture<Classification> classifyAsync(String sql, Executor executor, long timeoutMillis) {
        boolean scs = standardConformingStrings;
        List<Classifier.Analysed> cached = classifier.analyseFromCache(sql, scs);
        if (cached != null) {
            return CompletableFuture.completedFuture(apply(cached));
        }
        CompletableFuture<List<Classifier.Analysed>> analysis;
        try {
            analysis = CompletableFuture.supplyAsync(() -> classifier.analyse(sql, scs), executor);
        } catch (RejectedExecutionException e) {
            analysis = CompletableFuture.completedFuture(
                    Classifier.unanalysable(sql, "pgguard's classifier is overloaded"));
        }
        return analysis
                .completeOnTimeout(Classifier.unanalysable(sql, "analysis exceeded its time bound of " + timeoutMillis + " ms"),
                        timeoutMillis, TimeUnit.MILLISECONDS)
                .thenApply(this::apply);
    }

    private Classification apply(List<Classifier.Analysed> analysed) {
        List<ClassifiedStatement> out = new ArrayList<>(analysed.size());
        for (Classifier.Analysed a : analysed) {
            ClassifiedStatement s = decide(a.text(), a.analysis(), a.fingerprint());
            out.add(s);
            remember(a.analysis(), s.verdict());
        }
        return Classification.of(out);
    }

    private ClassifiedStatement decide(String text, Analysis a, String fingerprint) {
        List<RuleHit> hits = new ArrayList<>(a.findings().size());
        for (Finding f : a.findings()) {
            hit(hits, f.rule(), f.reason());
        }
        for (String f : a.functions()) {
            if (policy.isDangerous(f)) {
                hit(hits, Rule.DANGEROUS_FUNCTION, f + "() acts outside what the statement shows (the policy lists "
                        + "it as dangerous)");
            }
        }
        for (String name : a.executes()) {
            if (!Boolean.TRUE.equals(preparedSafe.get(name))) {
                hit(hits, Rule.EXECUTE_UNSEEN_PREPARE, "EXECUTE " + name + ": pgguard did not see this session "
                        + "PREPARE " + name + " as a statement it allows, so it cannot tell what it runs");
            }
        }
        if (a.canWrite()) {
            hit(hits, Rule.WRITE, "it can write (rule write: this policy does not let writes pass unseen)");
        }
        Verdict v = Verdict.ALLOW;
        for (RuleHit h : hits) {
            v = v.max(h.verdict());
        }
        return new ClassifiedStatement(text, a.kind(), v, hits, a.reads(), a.writes(), a.canWrite(), a.tablesKnown(),
                a.calls(), a.changesIdentity(), fingerprint, a.prepares());
    }

    private void hit(List<RuleHit> hits, Rule rule, String reason) {
        RuleAction action = policy.action(rule);
        if (action != RuleAction.OFF) {
            hits.add(new RuleHit(rule, action.verdict(), reason));
        }
    }

    private void remember(Analysis a, Verdict verdict) {
        if (a.deallocates() != null) {
            if (a.deallocates().equals(Analysis.ALL)) {
                preparedSafe.clear();
            } else {
                preparedSafe.remove(a.deallocates());
            }
        }
        if (a.prepares() != null) {
            if (verdict == Verdict.ALLOW) {
                preparedSafe.putIfAbsent(a.prepares(), true);
            } else {
                preparedSafe.put(a.prepares(), false);
            }
        }
    }
}
