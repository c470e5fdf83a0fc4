package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fingerprint cache's key (literal values and layout out, everything else in) and the shared token texts
 * behind it. The corpus tests check that the cache never changes a verdict; these check the key itself.
 */
class FingerprintTest {

    private static Fingerprint of(String sql) throws LexException {
        return Fingerprint.of(Lexer.tokenize(sql));
    }

    @Test
    void literalValuesCommentsCaseAndLayoutDoNotMatter() throws LexException {
        Fingerprint a = of("SELECT abalance FROM pgbench_accounts WHERE aid = 17");
        Fingerprint b = of("select  abalance /* c */ from\n pgbench_accounts where aid = 123456");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(of("SELECT 'x', $$y$$, E'z'"), of("SELECT 'other', $t$more$t$, E'\\n'"));
    }

    @Test
    void everythingButLiteralValuesDoes() throws LexException {
        Fingerprint base = of("SELECT a FROM t WHERE id = 1");
        assertNotEquals(base, of("SELECT a FROM u WHERE id = 1"), "another table");
        assertNotEquals(base, of("SELECT \"a\" FROM t WHERE id = 1"), "a quoted identifier is not a word");
        assertNotEquals(base, of("SELECT a FROM t WHERE id = '1'"), "a string is not a number");
        assertNotEquals(base, of("SELECT a FROM t WHERE id = $1"), "a parameter is not a literal");
        assertNotEquals(base, of("SELECT a FROM t WHERE id >= 1"), "another operator");
        assertNotEquals(of("SELECT a.b"), of("SELECT a . b . c"), "another token count");
    }

    @Test
    void aTokenTextHoldingAKeyMarkerGivesNoFingerprint() throws LexException {
        assertNull(of("SELECT \"a\u0001b\" FROM t"), "a control character in a quoted identifier");
        assertNull(of("SELECT U&\"a\\0008b\" FROM t"), "the same, written as a Unicode escape");
        assertNotNull(of("SELECT \"a\tb\" FROM t"), "a tab is no marker");
        assertNotEquals(of("SELECT \"a\" FROM t"), of("SELECT a FROM t"));
    }

    /** A rule's reason is cached with the analysis, so it may not quote a literal of the statement it was found in. */
    @Test
    void aCachedReasonQuotesNoLiteral() {
        Classifier classifier = new Classifier(ClassifierLimits.DEFAULT);
        classifier.classify("ALTER OPERATOR FAMILY f USING btree DROP OPERATOR 1 (int4, int2)");
        String reason = classifier.classify("ALTER OPERATOR FAMILY f USING btree DROP OPERATOR 2 (int4, int2)")
                .rules().get(0).reason();
        assertTrue(reason.startsWith("ALTER ... DROP operator 0 ("), reason);
    }

    @Test
    void renderingIsWhatJsqlParserReadsLiteralsHidden() throws LexException {
        assertEquals("select a.b from \"T x\" where c = '?' and d = 0 or e.* = 0",
                Fingerprint.render(Lexer.tokenize("SELECT a . b FROM \"T x\" WHERE c = 'v' AND d = 42 OR e.* = 1.5e3")));
        assertEquals("\"a\"\"b\"", Fingerprint.render(Lexer.tokenize("\"a\"\"b\"")));
    }

    @Test
    void wordsAndCommonSymbolsAreSharedNotCopiedPerToken() throws LexException {
        Token first = Lexer.tokenize("SELECT relname FROM pg_class").get(1);
        Token again = Lexer.tokenize("select RELNAME from pg_class").get(1);
        assertEquals("relname", again.text());
        assertSame(first.text(), again.text(), "a word seen recently is handed out again, folded");
        assertSame(Lexer.tokenize("(a)").get(0).text(), Lexer.tokenize("((").get(1).text());
        // folding is ASCII only, as in PostgreSQL: a non-ASCII letter keeps its case, the word stays distinct
        assertEquals("straße_É", Lexer.tokenize("STRAßE_É").get(0).text());
        String longWord = "x".repeat(CommonTexts.LONGEST_WORD + 1);
        assertEquals(longWord, Lexer.tokenize(longWord.toUpperCase()).get(0).text());
    }

    @Test
    void seenOnceAdmitsOnTheSecondSighting() {
        SeenOnce seen = new SeenOnce(1024);
        assertTrue(!seen.seenBefore("SELECT 1"));
        assertTrue(seen.seenBefore("SELECT 1"));
        assertTrue(!seen.seenBefore("SELECT 2"));
    }
}
