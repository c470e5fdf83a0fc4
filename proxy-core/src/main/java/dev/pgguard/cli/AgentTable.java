package dev.pgguard.cli;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.TableScopeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code pgguard agent list} for a human: one row per agent, in the configuration's order (the config file's,
 * then the agents file's), in {@link Columns}; where each is defined comes last.
 * Everything shown comes from files a human may have edited, so it goes through {@link Text#shown}.
 */
final class AgentTable {

    static final String EMPTY = "no agents: add one with pgguard agent add NAME";

    private static final List<String> HEADER = List.of("NAME", "MODE", "ENVIRONMENTS", "TABLES", "DEFINED IN");

    private AgentTable() {
    }

    static String render(List<AgentConfig> agents, Function<String, String> definedIn) {
        if (agents.isEmpty()) {
            return EMPTY + "\n";
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (AgentConfig a : agents) {
            rows.add(List.of(Text.shown(a.name()), a.mode().yamlName(), environments(a.environments()),
                    tables(a.tables()), Text.shown(definedIn.apply(a.name()))));
        }
        return Columns.render(rows);
    }

    /** An empty list reaches every environment there is. */
    static String environments(List<String> names) {
        return names.isEmpty() ? "all" : Text.shown(String.join(",", names));
    }

    /** {@code any table}, or e.g. {@code read any table except public.secrets; write public.orders}. */
    static String tables(TableScopeConfig scope) {
        if (!scope.scoped()) {
            return "any table";
        }
        return "read " + access(scope.readAllow(), scope.readDeny()) + "; write "
                + access(scope.writeAllow(), scope.writeDeny());
    }

    private static String access(List<String> allow, List<String> deny) {
        String allowed = allow.isEmpty() ? "any table" : Text.shown(String.join(",", allow));
        return deny.isEmpty() ? allowed : allowed + " except " + Text.shown(String.join(",", deny));
    }
}
