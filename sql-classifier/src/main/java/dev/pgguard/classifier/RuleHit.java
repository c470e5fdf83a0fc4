package dev.pgguard.classifier;

import java.util.Objects;

/**
 * A rule that fired on a statement.
 *
 * @param rule    which one (its {@link Rule#id()} is the stable id)
 * @param verdict what the policy makes of it: {@link Verdict#HOLD} or {@link Verdict#DENY}
 * @param reason  one sentence for a human (and for an agent reading the notice): what pgguard saw
 */
public record RuleHit(Rule rule, Verdict verdict, String reason) {

    public RuleHit {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }
}
