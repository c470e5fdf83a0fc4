package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of {@code classifier-cases.txt} (its header explains the format) under the default policy. */
class ClassifierCorpusTest {

    /** One case: the expected verdict id ({@code allow}/{@code hold}) and the set of rule ids that fire. */
    record Case(String id, String sql, String verdict, Set<String> rules) {
        Outcome expected() {
            return new Outcome(verdict, rules);
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** What a classification comes down to for the corpus: the verdict id and the set of rule ids. */
    record Outcome(String verdict, Set<String> rules) {
        static Outcome of(Classification c) {
            Set<String> rules = new TreeSet<>();
            for (RuleHit hit : c.rules()) {
                rules.add(hit.rule().id());
            }
            return new Outcome(c.verdict().id(), rules);
        }

        @Override
        public String toString() {
            return rules.isEmpty() ? verdict : verdict + " " + String.join(" ", rules);
        }
    }

    private static final Classifier CLASSIFIER = new Classifier(ClassifierLimits.DEFAULT);

    static Stream<Case> cases() throws IOException {
        return load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesAsTheReadmeSays(Case c) {
        Classification actual = CLASSIFIER.classify(c.sql());
        assertEquals(c.expected(), Outcome.of(actual), () -> describe(c, actual));
    }

    @Test
    void corpusIsBigEnough() throws IOException {
        List<Case> all = load();
        assertTrue(all.size() >= 450, "at least 450 cases, found " + all.size());
        assertEquals(all.size(), all.stream().map(Case::id).distinct().count(), "case ids are unique");
        for (Case c : all) {
            assertTrue(c.verdict().equals("allow") || c.verdict().equals("hold"),
                    () -> c.id() + ": the default policy only allows or holds");
            assertEquals(c.verdict().equals("hold"), !c.rules().isEmpty(),
                    () -> c.id() + ": a hold names its rules, an allow names none");
            for (String rule : c.rules()) {
                assertTrue(Rule.byId(rule).isPresent(), () -> c.id() + ": unknown rule id " + rule);
            }
        }
    }

    @Test
    void everyRuleHasPositiveCase() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (Case c : load()) {
            if (c.verdict().equals("hold")) {
                covered.addAll(c.rules());
            }
        }
        for (Rule rule : Rule.values()) {
            // a rule the default policy switches off (write) never fires in this corpus
            if (Policy.DEFAULT.action(rule) != RuleAction.OFF) {
                assertTrue(covered.contains(rule.id()), "no hold case fires " + rule.id());
            }
        }
    }

    /**
     * A cache may never change a verdict: every case classified twice by a caching classifier (the second
     * pass answers from its caches) and once without caches gives one answer; and a variant with other
     * literals, classified by the caching classifier right after the original (so the fingerprint cache has
     * the original's analysis), gets the answer an uncached classifier gives the variant. The answer here is
     * the verdict and rules and also what each statement touches ({@link ScopeFacts}).
     */
    @Test
    void cacheNeverChangesAVerdict() throws IOException {
        List<Case> all = load();
        Classifier cached = new Classifier(ClassifierLimits.DEFAULT);
        Classifier uncached = new Classifier(ClassifierLimits.DEFAULT.withoutCache());
        List<String> failures = new ArrayList<>();
        List<Outcome> first = new ArrayList<>();
        List<List<ScopeFacts>> firstFacts = new ArrayList<>();
        Random random = new Random(20240607L);
        int variantsChecked = 0;
        for (Case c : all) {
            Classification original = cached.classify(c.sql());
            first.add(Outcome.of(original));
            firstFacts.add(ScopeFacts.of(original));
            for (int v = 0; v < 3; v++) {
                String variant = otherLiterals(c.sql(), random);
                if (variant == null || variant.equals(c.sql())) {
                    break; // no literal to vary, or the input does not lex
                }
                variantsChecked++;
                Classification viaCache = cached.classify(variant);
                Classification direct = uncached.classify(variant);
                if (!Outcome.of(viaCache).equals(Outcome.of(direct))
                        || !ScopeFacts.of(viaCache).equals(ScopeFacts.of(direct))) {
                    failures.add(c.id() + " variant: " + variant + "\n  cached:   " + Outcome.of(viaCache) + " "
                            + ScopeFacts.of(viaCache) + "\n  uncached: " + Outcome.of(direct) + " "
                            + ScopeFacts.of(direct));
                }
                cached.classify(c.sql()); // back to the original: the next variant again follows it
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Case c = all.get(i);
            Classification again = cached.classify(c.sql());
            Classification direct = uncached.classify(c.sql());
            Outcome second = Outcome.of(again);
            Outcome none = Outcome.of(direct);
            if (!first.get(i).equals(second) || !first.get(i).equals(none)
                    || !firstFacts.get(i).equals(ScopeFacts.of(again))
                    || !firstFacts.get(i).equals(ScopeFacts.of(direct))) {
                failures.add(c.id() + ": first " + first.get(i) + ", second (cached) " + second
                        + ", uncached " + none);
            }
        }
        assertTrue(variantsChecked > 200, "enough literal variants, found " + variantsChecked);
        if (!failures.isEmpty()) {
            fail(failures.size() + " cases differ with the cache:\n" + String.join("\n", failures));
        }
    }

    /**
     * The input with every number replaced by another number and every simple {@code '...'} string (no
     * quote or backslash inside, no prefix) by other contents; null if it does not lex.
     */
    static String otherLiterals(String sql, Random random) {
        List<Token> tokens;
        try {
            tokens = Lexer.tokenize(sql);
        } catch (LexException e) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (Token t : tokens) {
            String text = sql.substring(t.start(), t.end());
            String replacement = null;
            if (t.kind() == TokenKind.NUMBER) {
                replacement = Integer.toString(random.nextInt(100_000));
            } else if (t.kind() == TokenKind.STRING && isSimpleString(text)) {
                replacement = "'" + randomWord(random) + "'";
            }
            if (replacement != null) {
                out.append(sql, pos, t.start()).append(replacement);
                pos = t.end();
            }
        }
        out.append(sql, pos, sql.length());
        return out.toString();
    }

    private static boolean isSimpleString(String text) {
        if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'') {
            return false;
        }
        String inner = text.substring(1, text.length() - 1);
        return inner.indexOf('\'') < 0 && inner.indexOf('\\') < 0;
    }

    private static String randomWord(Random random) {
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        if (random.nextInt(4) == 0) {
            sb.append(" ").append(random.nextInt(1000)).append("/x.csv");
        }
        return sb.toString();
    }

    /** The failure message: the case, the SQL and what each statement came to, with the rules' reasons. */
    static String describe(Case c, Classification actual) {
        StringBuilder sb = new StringBuilder();
        sb.append("case ").append(c.id()).append('\n');
        sb.append("sql: ").append(abbreviate(c.sql())).append('\n');
        sb.append("expected: ").append(c.expected()).append('\n');
        sb.append("actual:   ").append(Outcome.of(actual)).append('\n');
        for (ClassifiedStatement s : actual.statements()) {
            sb.append("  statement [").append(s.kind().id()).append(", ").append(s.verdict().id()).append("] ")
                    .append(abbreviate(s.sql())).append('\n');
            for (RuleHit hit : s.rules()) {
                sb.append("    ").append(hit.rule().id()).append(" (").append(hit.verdict().id()).append("): ")
                        .append(hit.reason()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 200) + " ... " + sql.substring(sql.length() - 100);
    }

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = ClassifierCorpusTest.class.getResourceAsStream("classifier-cases.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            List<String> sql = new ArrayList<>();
            boolean inSql = false;
            int lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.startsWith("=== ")) {
                    if (inSql) {
                        throw new IllegalStateException("line " + lineNo + ": case " + id + " has no >>> line");
                    }
                    id = line.substring(4).trim();
                    sql = new ArrayList<>();
                    inSql = true;
                } else if (inSql && line.startsWith(">>> ")) {
                    List<String> words = Arrays.asList(line.substring(4).trim().split("\\s+"));
                    String verdict = words.get(0);
                    Set<String> rules = new TreeSet<>(words.subList(1, words.size()));
                    while (!sql.isEmpty() && sql.get(sql.size() - 1).isEmpty()) {
                        sql.remove(sql.size() - 1);
                    }
                    cases.add(new Case(id, String.join("\n", sql), verdict, rules));
                    inSql = false;
                } else if (inSql) {
                    sql.add(line);
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    throw new IllegalStateException("line " + lineNo + ": text outside a case: " + line);
                }
            }
            if (inSql) {
                throw new IllegalStateException("case " + id + " has no >>> line");
            }
        }
        return cases;
    }
}
