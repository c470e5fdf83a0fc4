package dev.pgguard.classifier;

import java.util.Locale;
import java.util.Optional;

/** What the policy does when a rule fires: the per-rule switch of the config file. */
public enum RuleAction {
    /** The rule is switched off: it never fires. */
    OFF,
    /** The statement waits for a human. */
    HOLD,
    /** The statement is refused outright. */
    DENY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RuleAction> byId(String id) {
        for (RuleAction a : values()) {
            if (a.id().equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The verdict a firing rule with this action gives. */
    public Verdict verdict() {
        return this == DENY ? Verdict.DENY : this == HOLD ? Verdict.HOLD : Verdict.ALLOW;
    }
}
