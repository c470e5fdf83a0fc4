package dev.pgguard.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the composed node tree, read as a config section. It knows its path, so every problem
 * it reports says where (path and line); it rejects unknown and duplicate keys when it is opened. Reads
 * return empty when the key is absent or its value is wrong; in the latter case the problem is recorded.
 */
final class YamlMapping {

    /** The tags the YAML resolver gives to untagged plain values. */
    private static final Set<Tag> PLAIN_TAGS =
            Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

    /** For mappings whose keys are names the user chooses, such as {@code environments}. */
    static final List<String> ANY_KEYS = java.util.Collections.unmodifiableList(new ArrayList<>()); // compared by identity

    private final String path;
    /** Where a problem about an absent key is reported: the line that names this section. */
    private final Node at;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keys = new HashMap<>();
    private final Problems problems;
    private final Map<String, String> env;

    private YamlMapping(String path, Node at, Problems problems, Map<String, String> env) {
        this.path = path;
        this.at = at;
        this.problems = problems;
        this.env = env;
    }

    /** Opens {@code node} as a mapping; a null value ({@code upstream:} with nothing under it) is an empty one. */
    static Optional<YamlMapping> open(Node node, String path, Problems problems, Map<String, String> env,
                                      List<String> knownKeys) {
        return open(node, node, path, problems, env, knownKeys);
    }

    private static Optional<YamlMapping> open(Node node, Node at, String path, Problems problems,
                                              Map<String, String> env, List<String> knownKeys) {
        YamlMapping mapping = new YamlMapping(path, at, problems, env);
        if (isNull(node)) {
            return Optional.of(mapping);
        }
        if (!plainTag(node, path, problems)) {
            return Optional.empty();
        }
        if (!(node instanceof MappingNode map)) {
            problems.add(path, node, "must be a mapping of keys to values");
            return Optional.empty();
        }
        for (NodeTuple entry : map.getValue()) {
            mapping.add(entry, knownKeys);
        }
        return Optional.of(mapping);
    }

    private void add(NodeTuple entry, List<String> knownKeys) {
        if (!(entry.getKeyNode() instanceof ScalarNode keyNode)) {
            problems.add(path, entry.getKeyNode(), "keys must be plain strings");
            return;
        }
        String key = keyNode.getValue();
        if (knownKeys != ANY_KEYS && !knownKeys.contains(key)) {
            problems.add(path(key), keyNode, "unknown key '" + key + "' (known: " + String.join(", ", knownKeys) + ")");
        } else if (values.containsKey(key)) {
            problems.add(path(key), keyNode, "duplicate key (first at line "
                    + Problems.lineOf(keys.get(key).getStartMark()) + ")");
        } else {
            values.put(key, entry.getValueNode());
            keys.put(key, keyNode);
        }
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** Records a problem with {@code key}, at its value's line, or at this mapping's line when the key is absent. */
    void problem(String key, String message) {
        problems.add(path(key), values.getOrDefault(key, at), message);
    }

    /** A nested section; empty when absent or not a mapping. */
    Optional<YamlMapping> section(String key, List<String> knownKeys) {
        return has(key)
                ? open(values.get(key), keys.get(key), path(key), problems, env, knownKeys)
                : Optional.empty();
    }

    /** A list of mappings, such as {@code agents}; elements that are not mappings are reported and skipped. */
    List<YamlMapping> mappings(String key, List<String> knownKeys) {
        if (values.containsKey(key) && isNull(values.get(key))) {
            return List.of(); // "agents:" with nothing under it
        }
        List<YamlMapping> result = new ArrayList<>();
        sequence(key).ifPresent(sequence -> {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                open(sequence.getValue().get(i), path(key) + "[" + i + "]", problems, env, knownKeys)
                        .ifPresent(result::add);
            }
        });
        return result;
    }

    /** A list of scalars, such as {@code dangerous_functions}; empty when absent. Elements that are not scalars are reported. */
    Optional<List<String>> strings(String key) {
        return sequence(key).map(sequence -> {
            List<String> result = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                String at = path(key) + "[" + i + "]";
                if (item instanceof ScalarNode scalar && !isNull(item) && plainTag(item, at, problems)) {
                    result.add(scalar.getValue());
                } else {
                    problems.add(at, item, "must be a single value");
                }
            }
            return result;
        });
    }

    /** The key's value as a YAML sequence; empty when absent, and reported when it is something else. */
    private Optional<SequenceNode> sequence(String key) {
        Node value = values.get(key);
        if (value == null || !plainTag(value, path(key), problems)) {
            return Optional.empty();
        }
        if (!(value instanceof SequenceNode sequence)) {
            problem(key, "must be a list");
            return Optional.empty();
        }
        return Optional.of(sequence);
    }

    /** The keys present, in file order. */
    Set<String> keys() {
        return values.keySet();
    }

    /** The scalar's text with {@code ${ENV}} references replaced, then parsed; parsers throw IllegalArgumentException. */
    <T> Optional<T> value(String key, Function<String, T> parser) {
        try {
            return text(key).map(text -> parser.apply(Interpolation.apply(text, env)));
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    /** Like {@link #value}, but its absence is a problem too. */
    <T> Optional<T> required(String key, Function<String, T> parser) {
        if (!has(key)) {
            problem(key, "is required");
        }
        return value(key, parser);
    }

    /** The scalar's text exactly as written, without interpolation. */
    Optional<String> text(String key) {
        Node value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (isNull(value)) {
            problem(key, "has no value (remove the key to use the default)");
            return Optional.empty();
        }
        if (!plainTag(value, path(key), problems)) {
            return Optional.empty();
        }
        if (!(value instanceof ScalarNode scalar)) {
            problem(key, "must be a single value, not a list or mapping");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /** Parser for ints in a range. */
    static Function<String, Integer> integer(int min, int max) {
        return text -> {
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the range
            }
            throw new IllegalArgumentException("must be an integer between " + min + " and " + max
                    + ", got '" + text + "'");
        };
    }

    /** Parser for names and hosts: any text but blank. */
    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return text;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /**
     * Refuses application tags ({@code !foo}, {@code !!java.io.File}). The tree is never turned into
     * objects, so a tag could not run code here, but accepting one would suggest it means something.
     */
    private static boolean plainTag(Node node, String path, Problems problems) {
        if (PLAIN_TAGS.contains(node.getTag())) {
            return true;
        }
        problems.add(path, node, "YAML tag '" + node.getTag().getValue() + "' is not accepted");
        return false;
    }
}
