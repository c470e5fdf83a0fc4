package dev.pgguard.classifier;

import dev.pgguard.config.ClassifierConfig;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the rules mean for one agent: per rule, hold (the default), deny or off; and which functions count as
 * dangerous. Immutable. {@link Rule#UNANALYSABLE} cannot be switched off: pgguard fails closed.
 */
public final class Policy {

    /** Functions that act outside what SQL shows: other sessions, the server's files, remote databases. */
    public static final Set<String> DEFAULT_DANGEROUS_FUNCTIONS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "dblink", "dblink_exec", "dblink_send_query", "dblink_open", "pg_terminate_backend",
            "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_promote", "lo_unlink", "lo_import",
            "lo_export", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_file_write",
            "pg_file_unlink", "pg_file_rename", "pg_drop_replication_slot", "pg_replication_origin_drop",
            "pg_switch_wal")));

    public static final Policy DEFAULT = new Policy(Map.of(), DEFAULT_DANGEROUS_FUNCTIONS);

    private final EnumMap<Rule, RuleAction> actions = new EnumMap<>(Rule.class);
    private final Set<String> dangerousFunctions;

    /**
     * @param overrides          actions that differ from the defaults: every rule holds but {@link Rule#WRITE},
     *                           which is off
     * @param dangerousFunctions function names, matched case-insensitively (PostgreSQL folds unquoted names)
     */
    public Policy(Map<Rule, RuleAction> overrides, Set<String> dangerousFunctions) {
        for (Rule r : Rule.values()) {
            actions.put(r, r == Rule.WRITE ? RuleAction.OFF : RuleAction.HOLD);
        }
        overrides.forEach((rule, action) -> {
            if (rule == Rule.UNANALYSABLE && action == RuleAction.OFF) {
                throw new IllegalArgumentException("rule 'unanalysable' cannot be switched off: pgguard holds what it "
                        + "cannot read (set it to hold or deny)");
            }
            actions.put(rule, action);
        });
        Set<String> names = new TreeSet<>();
        for (String f : dangerousFunctions) {
            names.add(f.toLowerCase(Locale.ROOT));
        }
        this.dangerousFunctions = Collections.unmodifiableSet(names);
    }

    /** The policy the config file's {@code classifier} section describes (already validated by the config module). */
    public static Policy of(ClassifierConfig config) {
        return new Policy(overrides(config.rules()), config.dangerousFunctions().<Set<String>>map(Set::copyOf)
                .orElse(DEFAULT_DANGEROUS_FUNCTIONS));
    }

    /**
     * This policy with {@code rules} (rule id → action, validated by the config module) on top: how an
     * environment's and then an agent's own rules refine the classifier section's.
     */
    public Policy with(Map<String, String> rules) {
        if (rules.isEmpty()) {
            return this;
        }
        Map<Rule, RuleAction> merged = new EnumMap<>(actions);
        merged.putAll(overrides(rules));
        return new Policy(merged, dangerousFunctions);
    }

    private static Map<Rule, RuleAction> overrides(Map<String, String> rules) {
        Map<Rule, RuleAction> overrides = new EnumMap<>(Rule.class);
        rules.forEach((id, action) -> overrides.put(
                Rule.byId(id).orElseThrow(() -> new IllegalArgumentException("unknown rule '" + id + "'")),
                RuleAction.byId(action).orElseThrow(() -> new IllegalArgumentException("unknown action '" + action + "'"))));
        return overrides;
    }

    public RuleAction action(Rule rule) {
        return actions.get(rule);
    }

    boolean isDangerous(String function) {
        return dangerousFunctions.contains(function.toLowerCase(Locale.ROOT));
    }
}
