package dev.pgguard.cli;

import static dev.pgguard.cli.ManagedEntries.scalar;
import static dev.pgguard.cli.ManagedEntries.tuple;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.TableScopeConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An agent as an entry of the agents file, with the keys of the config's own agents: environments, rules and
 * table scope only when it has them, each list and rule set on one line.
 */
final class AgentEntry {

    private AgentEntry() {
    }

    static List<NodeTuple> of(AgentConfig agent) {
        List<NodeTuple> entry = new ArrayList<>();
        entry.add(tuple("name", scalar(agent.name())));
        entry.add(tuple("password", scalar(agent.passwordVerifier())));
        entry.add(tuple("mode", scalar(agent.mode().yamlName())));
        if (!agent.environments().isEmpty()) {
            entry.add(tuple("environments", list(agent.environments())));
        }
        if (!agent.rules().isEmpty()) {
            List<NodeTuple> rules = new ArrayList<>();
            new TreeMap<>(agent.rules()).forEach((rule, verdict) -> rules.add(tuple(rule, scalar(verdict))));
            entry.add(tuple("rules", new MappingNode(Tag.MAP, rules, DumperOptions.FlowStyle.FLOW)));
        }
        if (agent.tables().scoped()) {
            entry.add(tuple("tables", tables(agent.tables())));
        }
        return entry;
    }

    private static MappingNode tables(TableScopeConfig scope) {
        List<NodeTuple> tables = new ArrayList<>();
        access(scope.readAllow(), scope.readDeny()).ifPresent(read -> tables.add(tuple("read", read)));
        access(scope.writeAllow(), scope.writeDeny()).ifPresent(write -> tables.add(tuple("write", write)));
        return new MappingNode(Tag.MAP, tables, DumperOptions.FlowStyle.BLOCK);
    }

    private static Optional<Node> access(List<String> allow, List<String> deny) {
        List<NodeTuple> access = new ArrayList<>();
        if (!allow.isEmpty()) {
            access.add(tuple("allow", list(allow)));
        }
        if (!deny.isEmpty()) {
            access.add(tuple("deny", list(deny)));
        }
        return access.isEmpty() ? Optional.empty()
                : Optional.of(new MappingNode(Tag.MAP, access, DumperOptions.FlowStyle.FLOW));
    }

    private static SequenceNode list(List<String> values) {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(values.stream().map(ManagedEntries::scalar).toList()),
                DumperOptions.FlowStyle.FLOW);
    }
}
