package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pgguard.classifier.ClassifierCorpusTest.Case;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FingerprintScanner} against the path it stands in for: wherever it answers, it cuts the message into the
 * statements {@link StatementSplitter} cuts (same start, end and nesting depth) and gives each the fingerprint
 * {@link Fingerprint#of} gives its tokens. Since the fingerprint is the key of the cache both paths read, that is
 * what makes a cache hit through the scanner the hit the normal path would have had. Checked on both corpora, on
 * random variants of the classifier corpus (literal values, comments, whitespace, case), and on random strings of
 * the fragments the scanner must give up on or read exactly.
 */
class FingerprintScannerTest {

    private static final String[] FRAGMENTS = {
        "SELECT", "select", "CrEaTe", "create", "function", " ", "  ", "\n", "\t", "\r\n", "\f", "\u000B", "a", "b1",
        "x$y", "_z", "é", "straße", "1", "42", "3.5", ".5", "1e5", "1e", "0x1F", "0x", "1_000", "1..2", "'s'",
        "''", "'it''s'", "'a'\n'b'", "'a' 'b'", "'", "E'\\''", "e'x'", "N'n'", "B'101'", "X'ff'", "U&'d\\0061'",
        "U&\"d\"", "u&", "\"Q\"", "\"a\"\"b\"", "\"\"", "\"", "\"\u0001\"", "$1", "$", "$$", "$$ x $$", "$t$ ; $t$",
        "--c\n", "-- ; c\n", "/*c*/", "/* /* n */ */", "/*", "*/", ";", ";;", "(", ")", "[", "]", ",", ".", "..",
        "::", ":", ":=", "=", "<>", "+", "-", "=-", "->>", "@>", "!~", "*", "/", "\\", "{", "}", "\u0001", "\0",
        "\u00a0", "WHERE", "begin", "atomic", "end", "case", "DROP",
    };

    @Test
    void agreesWithTheSplitterOnTheClassifierCorpus() throws IOException {
        List<String> sqls = new ArrayList<>();
        for (Case c : ClassifierCorpusTest.load()) {
            sqls.add(c.sql());
        }
        int scanned = check(sqls);
        assertTrue(scanned > sqls.size() / 2, "the scanner reads a good part of the corpus, read " + scanned
                + " of " + 2 * sqls.size() + " (two settings)");
    }

    @Test
    void agreesWithTheSplitterOnThePostgresRegressionSuite() {
        List<String> sqls = new ArrayList<>();
        for (RegressionCorpus.Entry e : RegressionCorpus.load().entries()) {
            sqls.add(e.sql());
        }
        int scanned = check(sqls);
        assertTrue(scanned > sqls.size(), "the scanner reads most of the corpus, read " + scanned + " of "
                + 2 * sqls.size() + " (two settings)");
    }

    @Test
    void agreesOnVariantsWithOtherLiteralsCommentsWhitespaceAndCase() throws IOException {
        List<String> variants = new ArrayList<>();
        Random random = new Random(20251125L);
        for (Case c : ClassifierCorpusTest.load()) {
            List<Token> tokens = ClassifierPropertyTest.lex(c.sql());
            if (tokens == null) {
                continue;
            }
            for (int v = 0; v < 8; v++) {
                String variant = ClassifierCorpusTest.otherLiterals(c.sql(), random);
                List<Token> variantTokens = ClassifierPropertyTest.lex(variant);
                variant = switch (v % 4) {
                    case 0 -> ClassifierPropertyTest.insertComments(variant, variantTokens, random);
                    case 1 -> ClassifierPropertyTest.changeWhitespace(variant, variantTokens, random);
                    case 2 -> ClassifierPropertyTest.changeCase(variant, variantTokens, random);
                    default -> variant;
                };
                variants.add(variant);
            }
        }
        int scanned = check(variants);
        assertTrue(scanned > variants.size(), "read " + scanned + " of " + 2 * variants.size());
    }

    @Test
    void agreesOnRandomStringsOfTrickyFragments() {
        Random random = new Random(7L);
        List<String> sqls = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int j = 0; j < n; j++) {
                sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            sqls.add(sb.toString());
        }
        int scanned = check(sqls);
        assertTrue(scanned > 20_000, "enough random strings are read to test something: " + scanned);
    }

    @Test
    void givesUpOnWhatItDoesNotReadItself() {
        for (String sql : List.of("SELECT E'x'", "SELECT $$x$$", "SELECT U&'x'", "SELECT B'1'", "SELECT x'f'",
                "SELECT N'n'", "SELECT é", "SELECT \\", "SELECT 1\0", "SELECT '\0'", "SELECT $", "SELECT (1; SELECT 2)",
                "SELECT 1)", "SELECT (1", "CREATE TABLE t (a int)", "SELECT 1; create function f() begin atomic; end",
                "SELECT \"a\u0001\"", "SELECT 'unterminated", "SELECT /* unterminated")) {
            assertNull(FingerprintScanner.scan(sql, true), sql);
        }
        List<FingerprintScanner.Scanned> two = FingerprintScanner.scan(" SELECT (1) ;; -- x\n UPDATE t SET a = 'b';", true);
        assertNotNull(two);
        assertEquals(List.of(1, 21), two.stream().map(FingerprintScanner.Scanned::start).toList());
        assertEquals(List.of(11, 41), two.stream().map(FingerprintScanner.Scanned::end).toList());
        assertEquals(List.of(1, 0), two.stream().map(FingerprintScanner.Scanned::maxDepth).toList());
    }

    /**
     * A cache hit through the scanner is the answer the normal path gives, to the last reason and fingerprint id:
     * every case classified by one caching classifier, then again (its statements now come from the fingerprint
     * cache, through the scanner where it reads them) and with other literal values, each compared whole with a
     * classifier without caches.
     */
    @Test
    void answersFromTheWarmCacheAreTheAnswersWithoutIt() throws IOException {
        Classifier cached = new Classifier(ClassifierLimits.DEFAULT);
        Classifier uncached = new Classifier(ClassifierLimits.DEFAULT.withoutCache());
        Random random = new Random(99L);
        List<String> failures = new ArrayList<>();
        int throughScanner = 0;
        for (Case c : ClassifierCorpusTest.load()) {
            cached.classify(c.sql());
            List<String> again = new ArrayList<>(List.of(c.sql()));
            String variant = ClassifierCorpusTest.otherLiterals(c.sql(), random);
            if (variant != null) {
                again.add(variant);
            }
            for (String sql : again) {
                throughScanner += FingerprintScanner.scan(sql, true) != null ? 1 : 0;
                Classification warm = cached.classify(sql);
                Classification cold = uncached.classify(sql);
                if (!warm.equals(cold)) {
                    failures.add(c.id() + ": " + sql + "\n  cached:   " + warm + "\n  uncached: " + cold);
                }
            }
        }
        assertTrue(throughScanner > 500, "enough answers through the scanner: " + throughScanner);
        if (!failures.isEmpty()) {
            fail(failures.size() + " answers differ with a warm cache:\n" + String.join("\n", failures));
        }
    }

    /** What a rule read in a literal is never served for another literal, however warm the caches are. */
    @Test
    void literalBoundAnalysesAreNotServedForOtherLiterals() {
        Classifier classifier = new Classifier(ClassifierLimits.DEFAULT);
        assertNotNull(FingerprintScanner.scan("DO 'BEGIN DROP TABLE t; END'", true), "the scanner reads it");
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.ALLOW, classifier.classify("DO 'BEGIN PERFORM 1; END'").verdict());
            assertFalse(classifier.classify("SET ROLE 'none'").statements().get(0).changesIdentity());
        }
        assertEquals(Verdict.HOLD, classifier.classify("DO 'BEGIN DROP TABLE t; END'").verdict());
        assertTrue(classifier.classify("SET ROLE 'admin'").statements().get(0).changesIdentity());
    }

    /** Checks every string under both settings of standard_conforming_strings; returns how many the scanner read. */
    private static int check(List<String> sqls) {
        List<String> failures = new ArrayList<>();
        int scanned = 0;
        for (String sql : sqls) {
            for (boolean scs : new boolean[] {true, false}) {
                List<FingerprintScanner.Scanned> fast = FingerprintScanner.scan(sql, scs);
                if (fast == null) {
                    continue;
                }
                scanned++;
                String problem = disagreement(sql, scs, fast);
                if (problem != null && failures.size() < 30) {
                    failures.add(problem + " (standard_conforming_strings " + (scs ? "on" : "off") + "): "
                            + sql.replace("\0", "\\0"));
                }
            }
        }
        if (!failures.isEmpty()) {
            fail("the scanner disagrees with the splitter:\n" + String.join("\n", failures));
        }
        return scanned;
    }

    private static String disagreement(String sql, boolean scs, List<FingerprintScanner.Scanned> fast) {
        List<Statement> statements;
        try {
            statements = StatementSplitter.split(sql, scs);
        } catch (LexException e) {
            return "scanned what does not lex (" + e.getMessage() + ")";
        }
        if (statements.size() != fast.size()) {
            return fast.size() + " statements, the splitter finds " + statements.size();
        }
        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            FingerprintScanner.Scanned f = fast.get(i);
            if (s.start() != f.start() || s.end() != f.end() || s.maxDepth() != f.maxDepth()) {
                return "statement " + i + " at " + f.start() + ".." + f.end() + " depth " + f.maxDepth()
                        + ", the splitter has " + s.start() + ".." + s.end() + " depth " + s.maxDepth();
            }
            Fingerprint expected = Fingerprint.of(s.tokens());
            if (expected == null || !expected.equals(f.fingerprint()) || expected.hashCode() != f.fingerprint().hashCode()) {
                return "statement " + i + " has another fingerprint";
            }
        }
        return null;
    }
}
