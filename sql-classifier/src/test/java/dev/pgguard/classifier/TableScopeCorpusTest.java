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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code table-scope-cases.txt} (its header explains the format) against the scope its
 * {@code @} lines describe: without caches, from the caches, and in variants that must not change the answer
 * (comments, case and whitespace between tokens; other literal values, by cache and without).
 */
class TableScopeCorpusTest {

    /** One case: the answer expected, {@code ok} or the exact sentence. */
    record Case(String id, String sql, String expected) {
        @Override
        public String toString() {
            return id;
        }
    }

    record Corpus(TableScope scope, List<Case> cases) {
    }

    private static final Classifier UNCACHED = new Classifier(ClassifierLimits.DEFAULT.withoutCache());
    private static final Corpus CORPUS = load();

    static Stream<Case> cases() {
        return CORPUS.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsTheFileSays(Case c) {
        assertEquals(c.expected(), answer(UNCACHED, c.sql()), () -> c.id() + ": " + c.sql());
        Classifier cached = new Classifier(ClassifierLimits.DEFAULT);
        cached.classify(c.sql());
        cached.classify(c.sql()); // from here on the exact cache answers
        assertEquals(c.expected(), answer(cached, c.sql()), () -> c.id() + " from the cache: " + c.sql());
    }

    @Test
    void corpusHasEveryKindOfAnswer() {
        List<Case> all = CORPUS.cases();
        assertTrue(all.size() >= 150, "at least 150 cases, found " + all.size());
        assertEquals(all.size(), all.stream().map(Case::id).distinct().count(), "case ids are unique");
        for (String kind : List.of("ok", "table scope: agent may not read ", "table scope: agent may not write ",
                "table scope: pgguard cannot tell which tables ", "table scope: pgguard cannot fully analyse ",
                "table scope: function ", "changes search_path, the role or the session authorization")) {
            assertTrue(all.stream().filter(c -> c.expected().contains(kind)).count() >= 2, "few cases answer " + kind);
        }
    }

    /** Comments, the case of unquoted words and whitespace between tokens change no answer. */
    @Test
    void commentsCaseAndWhitespaceChangeNoAnswer() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Case c : CORPUS.cases()) {
            List<Token> tokens = ClassifierPropertyTest.lex(c.sql());
            if (tokens == null || tokens.isEmpty()) {
                continue;
            }
            Random random = new Random(c.id().hashCode());
            for (int v = 0; v < 12; v++) {
                String variant = switch (v % 3) {
                    case 0 -> ClassifierPropertyTest.insertComments(c.sql(), tokens, random);
                    case 1 -> ClassifierPropertyTest.changeCase(c.sql(), tokens, random);
                    default -> ClassifierPropertyTest.changeWhitespace(c.sql(), tokens, random);
                };
                List<Token> variantTokens = ClassifierPropertyTest.lex(variant);
                if (variantTokens == null || !ClassifierPropertyTest.shape(variantTokens)
                        .equals(ClassifierPropertyTest.shape(tokens))) {
                    continue; // whitespace that joined or split tokens: another statement
                }
                checked++;
                String actual = answer(UNCACHED, variant);
                if (!actual.equals(c.expected())) {
                    failures.add(c.id() + "\n  variant: " + variant + "\n  answer:  " + actual);
                }
            }
        }
        assertTrue(checked > CORPUS.cases().size() * 8, "enough variants, found " + checked);
        if (!failures.isEmpty()) {
            fail(failures.size() + " variants answered otherwise:\n" + String.join("\n", failures));
        }
    }

    /**
     * A statement whose answer depends on a literal ({@code set_config('search_path', ...)} against
     * {@code set_config('work_mem', ...)}, {@code SET ROLE 'none'} against {@code SET ROLE 'admin'}) shares its
     * fingerprint with other statements: one caching classifier for all cases (as in the relay) answers each
     * case as the file says whatever came before it, and a variant with other literals, classified right after
     * the original, as an uncached classifier does.
     */
    @Test
    void otherLiteralsAreNeverAnsweredFromTheOriginalsCacheEntry() {
        Classifier cached = new Classifier(ClassifierLimits.DEFAULT);
        Random random = new Random(20240611L);
        List<String> failures = new ArrayList<>();
        int variants = 0;
        for (Case c : CORPUS.cases()) {
            if (!answer(cached, c.sql()).equals(c.expected())) {
                failures.add(c.id() + ": " + c.sql() + "\n  cached:   " + answer(cached, c.sql()));
            }
            for (int v = 0; v < 3; v++) {
                cached.classify(c.sql());
                String variant = ClassifierCorpusTest.otherLiterals(c.sql(), random);
                if (variant == null || variant.equals(c.sql())) {
                    break;
                }
                variants++;
                String viaCache = answer(cached, variant);
                String direct = answer(UNCACHED, variant);
                if (!viaCache.equals(direct)) {
                    failures.add(c.id() + ": " + variant + "\n  cached:   " + viaCache + "\n  uncached: " + direct);
                }
            }
        }
        assertTrue(variants > 100, "enough literal variants, found " + variants);
        if (!failures.isEmpty()) {
            fail(failures.size() + " variants answered from the cache otherwise:\n" + String.join("\n", failures));
        }
    }

    private static String answer(Classifier classifier, String sql) {
        return CORPUS.scope().violation(classifier.classify(sql)).orElse("ok");
    }

    static Corpus load() {
        try (InputStream in = TableScopeCorpusTest.class.getResourceAsStream("table-scope-cases.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return read(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read table-scope-cases.txt", e);
        }
    }

    private static Corpus read(BufferedReader reader) throws IOException {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        for (String list : List.of("read.allow", "read.deny", "write.allow", "write.deny")) {
            patterns.put(list, new ArrayList<>());
        }
        List<Case> cases = new ArrayList<>();
        String id = null;
        List<String> sql = new ArrayList<>();
        int lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.startsWith("=== ")) {
                id = line.substring(4).trim();
                sql = new ArrayList<>();
            } else if (id != null && line.startsWith(">>> ")) {
                cases.add(new Case(id, String.join("\n", sql), line.substring(4)));
                id = null;
            } else if (id != null) {
                sql.add(line);
            } else if (line.startsWith("@")) {
                int space = line.indexOf(' ');
                List<String> list = patterns.get(line.substring(1, space));
                if (list == null) {
                    throw new IllegalStateException("line " + lineNo + ": unknown list " + line);
                }
                list.add(line.substring(space + 1));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalStateException("line " + lineNo + ": text outside a case: " + line);
            }
        }
        if (id != null) {
            throw new IllegalStateException("case " + id + " has no >>> line");
        }
        TableScope scope = TableScope.of(patterns.get("read.allow"), patterns.get("read.deny"),
                patterns.get("write.allow"), patterns.get("write.deny"));
        return new Corpus(scope, cases);
    }
}
