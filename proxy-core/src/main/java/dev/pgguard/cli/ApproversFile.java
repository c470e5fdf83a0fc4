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
 * The approvers file ({@code approvers:} and a list of entries with the keys of the config's own approvers) as the
 * YAML node tree it was composed into, edited in place, as {@link AgentsFile} does for agents: hand-written
 * entries are emitted again as they were composed, so a {@code token_sha256} of digits only stays a string and a
 * name such as {@code on} stays a name. Comments are not kept; the header says so.
 */
final class ApproversFile {

    static final String HEADER =
            "# Managed by pgguard approver add/remove; edits by hand are kept but comments are not\n";

    private final String source;
    private final MappingNode root;

    private ApproversFile(String source, MappingNode root) {
        this.source = source;
        this.root = root;
    }

    /** The file's entries; none when it does not exist yet. */
    static ApproversFile read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return parse("", file.toString());
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not an approvers file; the callers load the configuration
     *                                  first, so this is a file edited between that and this
     */
    static ApproversFile parse(String yaml, String source) {
        Node node;
        try {
            node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            throw notAnApproversFile(source);
        }
        if (node == null) {
            node = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        }
        if (!(node instanceof MappingNode mapping)) {
            throw notAnApproversFile(source);
        }
        ApproversFile file = new ApproversFile(source, mapping);
        file.approvers(); // the shape is checked now, not halfway through an edit
        return file;
    }

    boolean contains(String name) {
        return entry(name).isPresent();
    }

    /**
     * @param totpSecretFile the {@code totp_secret_file} to reference, relative to this file's directory; empty
     *                       for an approver whose token alone decides
     */
    void add(String name, String tokenSha256, Optional<String> totpSecretFile) {
        List<NodeTuple> entry = new ArrayList<>();
        entry.add(tuple("name", scalar(name)));
        entry.add(tuple("token_sha256", scalar(tokenSha256)));
        totpSecretFile.ifPresent(f -> entry.add(tuple("totp_secret_file", scalar(f))));
        approvers().getValue().add(new MappingNode(Tag.MAP, entry, DumperOptions.FlowStyle.BLOCK));
    }

    /** The {@code totp_secret_file} of the entry named {@code name}, as written. */
    Optional<String> totpSecretFile(String name) {
        return entry(name).flatMap(e -> value(e, "totp_secret_file"));
    }

    /** Removes the entry named {@code name}; false when there is none. */
    boolean remove(String name) {
        return approvers().getValue().removeIf(e -> value(e, "name").filter(name::equals).isPresent());
    }

    /** The file's new text: the header, then the tree. */
    String text() {
        DumperOptions options = new DumperOptions();
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        StringWriter out = new StringWriter();
        new Yaml(options).serialize(root, out);
        return HEADER + out;
    }

    private Optional<Node> entry(String name) {
        return approvers().getValue().stream().filter(e -> value(e, "name").filter(name::equals).isPresent())
                .findFirst();
    }

    /** The {@code approvers} list, made empty when the file has none yet or says {@code approvers:} alone. */
    private SequenceNode approvers() {
        List<NodeTuple> tuples = root.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("approvers")) {
                if (t.getValueNode() instanceof SequenceNode sequence) {
                    return sequence;
                }
                if (!(t.getValueNode() instanceof ScalarNode value && value.getTag().equals(Tag.NULL))) {
                    throw notAnApproversFile(source);
                }
                SequenceNode empty = emptyList();
                tuples.set(i, tuple("approvers", empty));
                return empty;
            }
        }
        SequenceNode empty = emptyList();
        tuples.add(tuple("approvers", empty));
        return empty;
    }

    private static Optional<String> value(Node entry, String key) {
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

    private static NodeTuple tuple(String key, Node value) {
        return new NodeTuple(scalar(key), value);
    }

    /** A string; the emitter quotes it where plain text would read as something else (all digits, {@code on}). */
    private static ScalarNode scalar(String text) {
        return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static IllegalArgumentException notAnApproversFile(String source) {
        return new IllegalArgumentException(source + " is not an approvers file (approvers: followed by a list of "
                + "approvers); run pgguard config check to see what is wrong with it");
    }
}
