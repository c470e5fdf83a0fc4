package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Input built to exhaust the classifier returns a verdict within bounded time and memory, and the verdict is
 * hold (rule unanalysable), never allow. The 30 s default timeout (junit-platform.properties) is the outer
 * bound; the tighter ones here are the point.
 */
class PathologicalInputTest {

    private final Classifier classifier = new Classifier(ClassifierLimits.DEFAULT);

    @Test
    @Timeout(5)
    void aHundredThousandNestedParenthesesAreHeld() {
        String sql = "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
        assertHeldAsUnanalysable(classifier.classify(sql));
    }

    @Test
    @Timeout(5)
    void nestingJustPastTheBoundIsHeldAndJustBelowPasses() {
        int bound = ClassifierLimits.DEFAULT.maxNestingDepth();
        assertHeldAsUnanalysable(classifier.classify("SELECT " + "(".repeat(bound + 1) + "1" + ")".repeat(bound + 1)));
        assertEquals(Verdict.ALLOW, classifier.classify("SELECT " + "(".repeat(bound) + "1" + ")".repeat(bound)).verdict());
    }

    @Test
    @Timeout(5)
    void aFiftyMegabyteStatementIsHeldWithoutBeingTokenized() {
        StringBuilder sb = new StringBuilder(50 << 20);
        sb.append("SELECT ");
        while (sb.length() < 50 << 20) {
            sb.append("1 + ");
        }
        sb.append("1");
        Classification c = classifier.classify(sb.toString());
        assertHeldAsUnanalysable(c);
        assertTrue(c.statements().get(0).sql().length() < 300, "the verdict carries a preview, not 50 MB");
    }

    @Test
    @Timeout(10)
    void aLongDeeplyNestedWhereGetsAVerdictInBoundedTime() {
        String deep = "(".repeat(900) + "id = 1" + ")".repeat(900);
        assertHeldAsUnanalysable(classifier.classify("DELETE FROM t WHERE " + deep));
        String shallow = "(".repeat(20) + "id = 1" + ")".repeat(20);
        assertEquals(Verdict.ALLOW, classifier.classify("DELETE FROM t WHERE " + shallow).verdict());
        String wide = "DELETE FROM t WHERE " + "id = 1 OR ".repeat(1_000) + "id = 2";
        assertEquals(Verdict.ALLOW, classifier.classify(wide).verdict(), "1,000 ORs of real predicates");
        // 5,000 ORs with a tautology at the end: held (whether read or past what the analysis can read)
        String wider = "DELETE FROM t WHERE " + "id = 1 OR ".repeat(5_000) + "true";
        assertEquals(Verdict.HOLD, classifier.classify(wider).verdict());
    }

    @Test
    void unterminatedInputIsHeld() {
        for (String sql : List.of("SELECT 'abc", "SELECT $$abc", "SELECT \"abc", "SELECT 1 /* abc", "SELECT 1\0; DROP TABLE t")) {
            assertHeldAsUnanalysable(classifier.classify(sql));
        }
    }

    private static void assertHeldAsUnanalysable(Classification c) {
        assertEquals(Verdict.HOLD, c.verdict(), c::toString);
        assertEquals(List.of(Rule.UNANALYSABLE), c.rules().stream().map(RuleHit::rule).toList(), c::toString);
    }
}
