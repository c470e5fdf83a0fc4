package dev.pgguard.cli;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.TableScopeConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agents file ({@code agents:} and a list of entries with the keys of the config's own agents) as the YAML node
 * tree it was composed into, edited in place. Entries written by hand are emitted again as they were composed, each
 * scalar with its text and tag, so a name such as {@code 010} or {@code on} stays the string it was (a round trip
 * through plain maps would turn them into 8 and true). Comments are not kept; the header says so.
 */
final class AgentsFile {

    static final String HEADER =
            "# Managed by pgguard agent add/revoke; edits by hand are kept but comments are not\n";

    private final String source;
    private final MappingNode root;

    private AgentsFile(String source, MappingNode root) {
        this.source = source;
        this.root = root;
    }

    /** The file's entries; none when it does not exist yet. */
    static AgentsFile read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return parse("", file.toString());
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not an agents file; the callers load the configuration
     *                                  first, so this is a file edited between that and this
     */
    static AgentsFile parse(String yaml, String source) {
        Node node;
        try {
            node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw notAnAgentsFile(source);
        }
        if (node == null) {
            node = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        }
        if (!(node instanceof MappingNode mapping)) {
            throw notAnAgentsFile(source);
        }
        AgentsFile file = new AgentsFile(source, mapping);
        file.agents(); // the shape is checked now, not halfway through an edit
        return file;
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Node entry : agents().getValue()) {
            name(entry).ifPresent(names::add);
        }
        return names;
    }

    boolean contains(String name) {
        return names().contains(name);
    }

    void add(AgentConfig agent) {
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
        agents().getValue().add(new MappingNode(Tag.MAP, entry, DumperOptions.FlowStyle.BLOCK));
    }

    /** Removes the entry named {@code name}; false when there is none. */
    boolean remove(String name) {
        return agents().getValue().removeIf(entry -> name(entry).filter(name::equals).isPresent());
    }

    /** The file's new text: the header, then the tree. */
    String text() {
        DumperOptions options = new DumperOptions();
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false); // a verifier on one line, as it is written by hand
        StringWriter out = new StringWriter();
        new Yaml(options).serialize(root, out);
        return HEADER + out;
    }

    /** The {@code agents} list, made empty when the file has none yet or says {@code agents:} with nothing under it. */
    private SequenceNode agents() {
        List<NodeTuple> tuples = root.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("agents")) {
                if (t.getValueNode() instanceof SequenceNode sequence) {
                    return sequence;
                }
                if (!(t.getValueNode() instanceof ScalarNode value && value.getTag().equals(Tag.NULL))) {
                    throw notAnAgentsFile(source);
                }
                SequenceNode empty = emptyList();
                tuples.set(i, tuple("agents", empty));
                return empty;
            }
        }
        SequenceNode empty = emptyList();
        tuples.add(tuple("agents", empty));
        return empty;
    }

    private static Optional<String> name(Node entry) {
        if (entry instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")
                        && t.getValueNode() instanceof ScalarNode value) {
                    return Optional.of(value.getValue());
                }
            }
        }
        return Optional.empty();
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
        return new SequenceNode(Tag.SEQ, new ArrayList<>(values.stream().map(AgentsFile::scalar).toList()),
                DumperOptions.FlowStyle.FLOW);
    }

    private static SequenceNode emptyList() {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    private static NodeTuple tuple(String key, Node value) {
        return new NodeTuple(scalar(key), value);
    }

    /** A string: the emitter quotes it where plain text would read as something else ({@code on}, {@code 010}). */
    private static ScalarNode scalar(String text) {
        return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static IllegalArgumentException notAnAgentsFile(String source) {
        return new IllegalArgumentException(source + " is not an agents file (agents: followed by a list of agents);"
                + " run pgguard config check to see what is wrong with it");
    }
}
