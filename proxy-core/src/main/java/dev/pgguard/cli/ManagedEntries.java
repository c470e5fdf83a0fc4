package dev.pgguard.cli;

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

/**
 * A managed file ({@code agents:} or {@code approvers:} and a list of entries with the keys of the config's own list)
 * as the YAML node tree it was composed into, edited in place. Entries written by hand are emitted again as they
 * were composed, each scalar with its text and tag, so a name such as {@code 010} or {@code on}, or a
 * {@code token_sha256} of digits only, stays the string it was (a round trip through plain maps would turn them
 * into 8, true and a number). Comments are not kept; the header says so.
 */
final class ManagedEntries {

    private final ManagedFile kind;
    private final String source;
    private final MappingNode root;

    private ManagedEntries(ManagedFile kind, String source, MappingNode root) {
        this.kind = kind;
        this.source = source;
        this.root = root;
    }

    /** The file's entries; none when it does not exist yet. */
    static ManagedEntries read(ManagedFile kind, Path file) throws IOException {
        try {
            return parse(kind, Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return parse(kind, "", file.toString());
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not such a file; the callers load the configuration first,
     *                                  so this is a file edited between that and this
     */
    static ManagedEntries parse(ManagedFile kind, String yaml, String source) {
        Node node;
        try {
            node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw notSuchAFile(kind, source);
        }
        if (node == null) {
            node = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        }
        if (!(node instanceof MappingNode mapping)) {
            throw notSuchAFile(kind, source);
        }
        ManagedEntries file = new ManagedEntries(kind, source, mapping);
        file.list(); // the shape is checked now, not halfway through an edit
        return file;
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Node entry : list().getValue()) {
            scalar(entry, "name").ifPresent(names::add);
        }
        return names;
    }

    boolean contains(String name) {
        return names().contains(name);
    }

    /** Appends an entry, its keys in the order given, one per line. */
    void add(List<NodeTuple> entry) {
        list().getValue().add(new MappingNode(Tag.MAP, new ArrayList<>(entry), DumperOptions.FlowStyle.BLOCK));
    }

    /** The scalar {@code key} of the entry named {@code name}, as written. */
    Optional<String> value(String name, String key) {
        return list().getValue().stream().filter(e -> named(e, name)).findFirst().flatMap(e -> scalar(e, key));
    }

    /** Removes the entry named {@code name}; false when there is none. */
    boolean remove(String name) {
        return list().getValue().removeIf(e -> named(e, name));
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
        return kind.header() + out;
    }

    static NodeTuple tuple(String key, Node value) {
        return new NodeTuple(scalar(key), value);
    }

    /** A string: the emitter quotes it where plain text would read as something else ({@code on}, {@code 010}). */
    static ScalarNode scalar(String text) {
        return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    /** The list, made empty when the file has none yet or says {@code agents:} with nothing under it. */
    private SequenceNode list() {
        List<NodeTuple> tuples = root.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(kind.key())) {
                if (t.getValueNode() instanceof SequenceNode sequence) {
                    return sequence;
                }
                if (!(t.getValueNode() instanceof ScalarNode value && value.getTag().equals(Tag.NULL))) {
                    throw notSuchAFile(kind, source);
                }
                SequenceNode empty = emptyList();
                tuples.set(i, tuple(kind.key(), empty));
                return empty;
            }
        }
        SequenceNode empty = emptyList();
        tuples.add(tuple(kind.key(), empty));
        return empty;
    }

    private static boolean named(Node entry, String name) {
        return scalar(entry, "name").filter(name::equals).isPresent();
    }

    private static Optional<String> scalar(Node entry, String key) {
        if (entry instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && t.getValueNode() instanceof ScalarNode v) {
                    return Optional.of(v.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static SequenceNode emptyList() {
        return new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    private static IllegalArgumentException notSuchAFile(ManagedFile kind, String source) {
        return new IllegalArgumentException(source + " is not an " + kind.description() + " (" + kind.key()
                + ": followed by a list of " + kind.key() + "); run pgguard config check to see what is wrong with it");
    }
}
