package dev.pgguard.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code classifier} section: what each rule does, which functions are dangerous, and the analysis bounds.
 *
 * @param rules              rule id → {@code hold}, {@code deny} or {@code off}, for the rules the file names;
 *                           the others hold, except {@code write} (any statement that can write), which is off
 *                           unless an environment, an agent or this section turns it on
 * @param dangerousFunctions replaces the built-in list when present
 * @param maxStatementLength characters of SQL per message the classifier analyses; longer is held
 * @param maxNestingDepth    parentheses; deeper is held
 * @param cacheEntries       entries of each verdict cache; 0 turns caching off
 */
public record ClassifierConfig(Map<String, String> rules, Optional<List<String>> dangerousFunctions,
                               int maxStatementLength, int maxNestingDepth, int cacheEntries) {

    /**
     * The classifier's rule ids. The config module is a leaf and cannot see the classifier's Rule enum; a test in
     * sql-classifier keeps the two lists equal.
     */
    public static final List<String> RULE_IDS = List.of("drop", "truncate", "delete-without-where",
            "update-without-where", "tautological-where", "alter-drop", "merge-delete", "opaque-code", "copy-program",
            "copy-server-file", "execute-unseen-prepare", "dangerous-function", "unanalysable", "write");
    public static final List<String> ACTIONS = List.of("hold", "deny", "off");

    public static final ClassifierConfig DEFAULT =
            new ClassifierConfig(Map.of(), Optional.empty(), 1 << 20, 1000, 10_000);

    public ClassifierConfig {
        rules = Map.copyOf(rules);
        Objects.requireNonNull(dangerousFunctions, "dangerousFunctions");
        dangerousFunctions = dangerousFunctions.map(List::copyOf);
    }
}
