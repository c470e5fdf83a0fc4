package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The statement classifier: one per process, shared by all sessions (it owns the caches and is thread-safe).
 * Sessions ({@link #newSession}) add what depends on the session: its policy, its prepared statements and
 * its {@code standard_conforming_strings}.
 *
 * <p>Cost: a message seen before (twice: see {@link SeenOnce}) costs a hash lookup; a message whose statements'
 * fingerprints were all seen before costs one pass over its characters ({@link FingerprintScanner}) and a
 * lookup per statement, or a tokenization and the lookups where the scanner gives up; anything else a full
 * analysis (tokens, and JSqlParser for the WHERE of a DELETE or UPDATE). All bounded by {@link ClassifierLimits}.
 */
public final class Classifier {

    private final ClassifierLimits limits;
    private final BoundedCache<String, List<Analysed>> exactStandard;
    private final BoundedCache<String, List<Analysed>> exactEscaped;
    private final BoundedCache<Fingerprint, Shape> byFingerprint;
    private final SeenOnce seen;

    public Classifier(ClassifierLimits limits) {
        this.limits = limits;
        this.exactStandard = new BoundedCache<>(limits.cacheEntries());
        this.exactEscaped = new BoundedCache<>(limits.cacheEntries());
        this.byFingerprint = new BoundedCache<>(limits.cacheEntries());
        this.seen = new SeenOnce(limits.cacheEntries());
    }

    /** Classifies with a fresh session under {@link Policy#DEFAULT}: what {@code pgguard check} does. */
    public Classification classify(String sql) {
        return newSession(Policy.DEFAULT).classify(sql);
    }

    public ClassifierSession newSession(Policy policy) {
        return new ClassifierSession(this, policy);
    }

    /**
     * A statement's text, what the analysis found in it, and its fingerprint id ({@link Fingerprint#id}; null
     * when the message could not be split into statements).
     */
    record Analysed(String text, Analysis analysis, String fingerprint) {
    }

    /** What the fingerprint cache keeps: the analysis, and the id it is known by in the audit log. */
    private record Shape(Analysis analysis, String fingerprint) {
    }

    /** The policy-independent analysis of every statement of a message. */
    List<Analysed> analyse(String sql, boolean standardConformingStrings) {
        return analyse(sql, standardConformingStrings, true);
    }

    /**
     * The analysis if the caches alone can give it (the message seen before, or every statement's
     * fingerprint), else null: what a caller on an event loop tries before handing the work to a thread.
     */
    List<Analysed> analyseFromCache(String sql, boolean standardConformingStrings) {
        // a long message is not even tokenized on an event loop: it could not be cached anyway
        return sql.length() > limits.maxCachedLength() ? null : analyse(sql, standardConformingStrings, false);
    }

    /** With {@code mayAnalyse} false, answers from the caches only, and null when they cannot answer. */
    private List<Analysed> analyse(String sql, boolean standardConformingStrings, boolean mayAnalyse) {
        BoundedCache<String, List<Analysed>> exact = standardConformingStrings ? exactStandard : exactEscaped;
        boolean cacheable = sql.length() <= limits.maxCachedLength();
        if (cacheable) {
            List<Analysed> hit = exact.get(sql);
            if (hit != null) {
                return hit;
            }
        }
        List<Analysed> result = analyseStatements(sql, standardConformingStrings, mayAnalyse);
        if (cacheable && result != null && seen.seenBefore(sql)) {
            exact.put(sql, result);
        }
        return result;
    }

    private List<Analysed> analyseStatements(String sql, boolean standardConformingStrings, boolean mayAnalyse) {
        if (sql.length() > limits.maxStatementLength()) {
            return unanalysable(sql, "the SQL is " + sql.length() + " characters long, beyond the "
                    + limits.maxStatementLength() + " pgguard analyses");
        }
        List<FingerprintScanner.Scanned> scanned = sql.length() <= limits.maxCachedLength() && limits.cacheEntries() > 0
                ? FingerprintScanner.scan(sql, standardConformingStrings) : null;
        if (scanned != null) {
            List<Analysed> known = fromFingerprints(sql, scanned);
            if (known != null) {
                return known;
            }
            if (!mayAnalyse && scanned.stream().allMatch(s -> s.maxDepth() <= limits.maxNestingDepth())) {
                // the tokens would give the same fingerprints, and they are not all cached: no second pass
                return null;
            }
        }
        List<Statement> statements;
        try {
            statements = StatementSplitter.split(sql, standardConformingStrings);
        } catch (LexException e) {
            return unanalysable(sql, "the SQL cannot be tokenized: " + e.getMessage());
        }
        List<Analysed> out = new ArrayList<>(statements.size());
        for (Statement s : statements) {
            Shape a = analyseStatement(s, mayAnalyse);
            if (a == null) {
                return null;
            }
            out.add(new Analysed(s.text(), a.analysis(), a.fingerprint()));
        }
        return List.copyOf(out);
    }

    /**
     * The analysis when every statement {@link FingerprintScanner} read has its fingerprint cached, else null. What the fingerprints' analyses are is what {@link #analyseStatement} would find for
     * the same statements: the scanner cuts and fingerprints them as the splitter and {@link Fingerprint#of} do.
     */
    private List<Analysed> fromFingerprints(String sql, List<FingerprintScanner.Scanned> scanned) {
        Analysed[] out = new Analysed[scanned.size()];
        for (int i = 0; i < out.length; i++) {
            FingerprintScanner.Scanned s = scanned.get(i);
            // a statement nested too deep is never cached: the normal path holds it
            Shape hit = s.maxDepth() > limits.maxNestingDepth() ? null : byFingerprint.get(s.fingerprint());
            if (hit == null) {
                return null;
            }
            out[i] = new Analysed(sql.substring(s.start(), s.end()), hit.analysis(), hit.fingerprint());
        }
        return List.of(out);
    }

    private Shape analyseStatement(Statement s, boolean mayAnalyse) {
        if (s.maxDepth() > limits.maxNestingDepth()) {
            return new Shape(Analysis.unanalysable("the statement nests parentheses " + s.maxDepth() + " deep, beyond the "
                    + limits.maxNestingDepth() + " pgguard analyses"), null);
        }
        Fingerprint fingerprint = s.end() - s.start() <= limits.maxCachedLength() ? Fingerprint.of(s.tokens()) : null;
        Shape hit = fingerprint != null ? byFingerprint.get(fingerprint) : null;
        if (hit != null || !mayAnalyse) {
            return hit;
        }
        Analysis a;
        try {
            a = StatementAnalyzer.analyze(s.tokens());
        } catch (RuntimeException | StackOverflowError e) {
            a = Analysis.unanalysable("the statement could not be analysed (" + e.getClass().getSimpleName() + ")");
        }
        // the id is computed here, on the way to the cache, so a cache hit costs nothing more
        Shape shape = new Shape(a, Fingerprint.id(s.tokens()));
        if (fingerprint != null && !a.literalBound()) {
            byFingerprint.put(fingerprint, shape);
        }
        return shape;
    }

    /** One unanalysable entry for a whole message, with a preview of its text rather than all of it. */
    static List<Analysed> unanalysable(String sql, String reason) {
        String text = sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
        return List.of(new Analysed(text, Analysis.unanalysable(reason), null));
    }
}
