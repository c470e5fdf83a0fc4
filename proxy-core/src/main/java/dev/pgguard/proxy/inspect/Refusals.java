package dev.pgguard.proxy.inspect;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.Verdict;

/**
 * The errors a client sees when the classifier does not let a message through, SQLSTATE 42501
 * (insufficient_privilege), as PostgreSQL itself answers a statement the role may not run. Written for an AI
 * agent as much as for a person: what was stopped, by which rule, and that retrying or rephrasing will not help.
 */
final class Refusals {

    static final String INSUFFICIENT_PRIVILEGE = "42501";

    private Refusals() {
    }

    static Decision denied(Classification c) {
        RuleHit first = firstWith(c, Verdict.DENY);
        return Decision.refuse(INSUFFICIENT_PRIVILEGE,
                "pgguard denied this statement (rule \"" + first.rule().id() + "\"): " + first.reason() + more(c),
                "pgguard's policy refuses this kind of statement; nothing was run. Do not retry it or rephrase it "
                        + "to get around the rule: ask a human to run it or to change the policy.");
    }

    /**
     * Until the approval gate exists, a statement to hold cannot wait for a human: it is refused, which is the
     * closed side of "wait", and the message says so.
     */
    static Decision held(Classification c) {
        RuleHit first = firstWith(c, Verdict.HOLD);
        return Decision.refuse(INSUFFICIENT_PRIVILEGE,
                "pgguard requires a human's approval for this statement (rule \"" + first.rule().id() + "\"): "
                        + first.reason() + more(c),
                "Approvals are not available in this pgguard version, so the statement was refused and nothing "
                        + "was run. Do not retry it or rephrase it to get around the rule: ask a human to run it.");
    }

    private static RuleHit firstWith(Classification c, Verdict verdict) {
        for (RuleHit h : c.rules()) {
            if (h.verdict() == verdict) {
                return h;
            }
        }
        throw new IllegalArgumentException("no rule gives " + verdict + " in " + c);
    }

    private static String more(Classification c) {
        int others = c.rules().size() - 1;
        return others <= 0 ? "" : " (and " + others + " more rule" + (others == 1 ? "" : "s") + ")";
    }
}
