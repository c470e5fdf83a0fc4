package dev.pgguard.classifier;

import dev.pgguard.config.ClassifierConfig;

/**
 * Bounds on what the classifier spends per statement, and the size of its caches. Beyond a bound a
 * statement is held as {@code unanalysable}, never allowed.
 *
 * @param maxStatementLength  characters; a longer statement is not analysed (and not cached)
 * @param maxNestingDepth     parentheses; deeper nesting is not analysed (JSqlParser recurses per level)
 * @param cacheEntries        entries of each cache (exact text, fingerprint); 0 disables caching
 * @param maxCachedLength     statements (and messages) longer than this are never cached: the caches'
 *                            memory stays bounded by entries times this
 */
public record ClassifierLimits(int maxStatementLength, int maxNestingDepth, int cacheEntries, int maxCachedLength) {

    /** Not a config setting: pgguard's own bound on the text one cache entry may keep. */
    private static final int MAX_CACHED_LENGTH = 4096;

    /** The config file's defaults. */
    public static final ClassifierLimits DEFAULT = of(ClassifierConfig.DEFAULT);

    /** The bounds the config file's {@code classifier} section sets; the cached-length bound is pgguard's own. */
    public static ClassifierLimits of(ClassifierConfig config) {
        return new ClassifierLimits(config.maxStatementLength(), config.maxNestingDepth(), config.cacheEntries(),
                MAX_CACHED_LENGTH);
    }

    public ClassifierLimits {
        if (maxStatementLength < 1) {
            throw new IllegalArgumentException("maxStatementLength must be >= 1, got " + maxStatementLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be >= 1, got " + maxNestingDepth);
        }
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("cacheEntries must be >= 0, got " + cacheEntries);
        }
        if (maxCachedLength < 0) {
            throw new IllegalArgumentException("maxCachedLength must be >= 0, got " + maxCachedLength);
        }
    }

    /** The same bounds with both caches off: every call analyses from scratch. */
    public ClassifierLimits withoutCache() {
        return new ClassifierLimits(maxStatementLength, maxNestingDepth, 0, maxCachedLength);
    }
}
