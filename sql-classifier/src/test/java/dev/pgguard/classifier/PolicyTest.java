package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.ClassifierConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy applied on top of the analysis: per-rule actions, the dangerous-function list, the config mapping. */
class PolicyTest {

    private final Classifier classifier = new Classifier(ClassifierLimits.DEFAULT);

    @Test
    void configKnowsExactlyTheClassifiersRuleIds() {
        assertEquals(Arrays.stream(Rule.values()).map(Rule::id).toList(), ClassifierConfig.RULE_IDS);
    }

    @Test
    void aRuleCanBeChangedToDenyOrSwitchedOff() {
        Policy policy = Policy.of(new ClassifierConfig(Map.of("drop", "deny", "truncate", "off"), Optional.empty(),
                1 << 20, 1000, 100));
        ClassifierSession s = classifier.newSession(policy);
        Classification drop = s.classify("DROP TABLE users");
        assertEquals(Verdict.DENY, drop.verdict());
        assertEquals(Verdict.DENY, drop.rules().get(0).verdict());
        assertEquals(Verdict.ALLOW, s.classify("TRUNCATE users").verdict());
        assertEquals(List.of(), s.classify("TRUNCATE users").rules());
        // the message takes the most restrictive verdict of its statements
        assertEquals(Verdict.DENY, s.classify("DELETE FROM t; DROP TABLE t").verdict());
        assertEquals(Verdict.HOLD, s.classify("TRUNCATE t; DELETE FROM t").verdict());
    }

    @Test
    void unanalysableCannotBeSwitchedOff() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Policy(Map.of(Rule.UNANALYSABLE, RuleAction.OFF), Policy.DEFAULT_DANGEROUS_FUNCTIONS));
        assertTrue(e.getMessage().contains("cannot be switched off"), e.getMessage());
    }

    @Test
    void theDangerousFunctionListComesFromTheConfigAndReplacesTheDefault() {
        Policy policy = Policy.of(new ClassifierConfig(Map.of(), Optional.of(List.of("My_Wipe")), 1 << 20, 1000, 100));
        ClassifierSession s = classifier.newSession(policy);
        assertEquals(Verdict.HOLD, s.classify("SELECT public.my_wipe(1)").verdict());
        assertEquals(Verdict.ALLOW, s.classify("SELECT pg_terminate_backend(1)").verdict());
        assertEquals(Verdict.HOLD, classifier.classify("SELECT pg_terminate_backend(1)").verdict());
    }

    @Test
    void executeNeedsAPrepareSeenAsSafeInTheSameSession() {
        ClassifierSession s = classifier.newSession(Policy.DEFAULT);
        assertEquals(Verdict.HOLD, s.classify("EXECUTE q").verdict());
        assertEquals(Verdict.ALLOW, s.classify("PREPARE q (int) AS SELECT * FROM t WHERE id = $1").verdict());
        assertEquals(Verdict.ALLOW, s.classify("EXECUTE q (1)").verdict());
        assertEquals(Verdict.ALLOW, s.classify("DEALLOCATE q").verdict());
        assertEquals(Verdict.HOLD, s.classify("EXECUTE q (1)").verdict(), "deallocated");
        assertEquals(Verdict.HOLD, s.classify("PREPARE w AS DELETE FROM t").verdict());
        assertEquals(Verdict.HOLD, s.classify("EXECUTE w").verdict());
        // a name prepared unsafe stays unsafe: the server refuses to redefine it
        s.classify("PREPARE w AS SELECT 1");
        assertEquals(Verdict.HOLD, s.classify("EXECUTE w").verdict());
        s.classify("DISCARD ALL");
        s.classify("PREPARE w AS SELECT 1");
        assertEquals(Verdict.ALLOW, s.classify("EXECUTE w").verdict());
        // another session did not see it
        assertEquals(Verdict.HOLD, classifier.newSession(Policy.DEFAULT).classify("EXECUTE w").verdict());
    }

    @Test
    void standardConformingStringsOffChangesWhereAStringEnds() {
        String sql = "SELECT 'a\\'; DROP TABLE t; --'";
        ClassifierSession on = classifier.newSession(Policy.DEFAULT);
        ClassifierSession off = classifier.newSession(Policy.DEFAULT);
        off.standardConformingStrings(false);
        assertEquals(Verdict.HOLD, on.classify(sql).verdict(), "with scs on, the string ends at the second quote");
        assertEquals(Verdict.ALLOW, off.classify(sql).verdict(), "with scs off, \\' escapes the quote");
    }
}
