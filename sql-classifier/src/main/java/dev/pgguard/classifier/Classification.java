package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The classifier's answer for one message (a Query or a Parse): the whole message is the unit, so its
 * verdict is the most restrictive of its statements'. A message without any statement is allowed.
 */
public record Classification(Verdict verdict, List<ClassifiedStatement> statements) {

    public Classification {
        statements = List.copyOf(statements);
    }

    static Classification of(List<ClassifiedStatement> statements) {
        Verdict v = Verdict.ALLOW;
        for (ClassifiedStatement s : statements) {
            v = v.max(s.verdict());
        }
        return new Classification(v, statements);
    }

    /** Every rule that fired, statement by statement. */
    public List<RuleHit> rules() {
        List<RuleHit> all = new ArrayList<>();
        for (ClassifiedStatement s : statements) {
            all.addAll(s.rules());
        }
        return all;
    }

    /** Whether any statement can write: what a read-only agent must be refused. */
    public boolean canWrite() {
        for (ClassifiedStatement s : statements) {
            if (s.canWrite()) {
                return true;
            }
        }
        return false;
    }
}
