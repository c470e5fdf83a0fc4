package dev.pgguard.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Binds a {@code rules} mapping (rule id → hold, deny or off), wherever it stands: classifier, environment, agent. */
final class RulesBinder {

    private RulesBinder() {
    }

    /** The rules the section names; a rule with a problem (recorded) is left out. */
    static Map<String, String> bind(YamlMapping parent) {
        Map<String, String> rules = new LinkedHashMap<>();
        parent.section("rules", ClassifierConfig.RULE_IDS).ifPresent(r -> {
            for (String id : r.keys()) {
                r.value(id, YamlNames.oneOf(ClassifierConfig.ACTIONS)).ifPresent(action -> {
                    if (id.equals("unanalysable") && action.equals("off")) {
                        r.problem(id, "cannot be off: pgguard holds what it cannot analyse (use hold or deny)");
                    } else {
                        rules.put(id, action);
                    }
                });
            }
        });
        return rules;
    }
}
