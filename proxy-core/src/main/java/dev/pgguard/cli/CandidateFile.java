package dev.pgguard.cli;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads the whole configuration as {@code pgguard serve} would with a candidate managed file (the approvers file)
 * in place of the real one, so that {@code pgguard approver} never writes a file that would not load. The same
 * way as {@link CandidateConfig} does for the agents file: a copy of the configuration, beside the original, whose
 * {@code approvers_file} key names the candidate; problems are reported with the real files' names.
 */
final class CandidateFile {

    private CandidateFile() {
    }

    /**
     * @param source    the configuration the command runs with; it loads (the caller loaded it)
     * @param key       the configuration's key that names the file ({@code approvers_file})
     * @param candidate the new file, not yet in place
     * @param real      where it will be
     */
    static void check(ConfigFile source, String key, Path candidate, Path real)
            throws IOException, CandidateConfig.WouldNotLoad {
        Optional<Path> configFile = source.path();
        String text = with(configFile.isPresent() ? Files.readString(configFile.get()) : "", key,
                candidate.toAbsolutePath().toString());
        Path copy = Files.createTempFile(source.directory(), ".pgguard.yaml.", ".tmp",
                ManagedFileWriter.ownerOnly("rw-------"));
        try {
            Files.writeString(copy, text, StandardCharsets.UTF_8);
            ConfigLoader.load(copy);
        } catch (ConfigException e) {
            throw new CandidateConfig.WouldNotLoad(e.getMessage()
                    .replace(candidate.toAbsolutePath().toString(), real.toString())
                    .replace(copy.toString(), configFile.map(Path::toString).orElse("(built-in defaults)")));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The config's text with {@code key} set to {@code path}, replacing the value it may give. */
    private static String with(String yaml, String key, String path) {
        Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        MappingNode top = root == null ? new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK)
                : (MappingNode) root; // it loaded, so it is a mapping
        List<NodeTuple> tuples = top.getValue();
        tuples.removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
        tuples.add(new NodeTuple(new ScalarNode(Tag.STR, key, null, null, DumperOptions.ScalarStyle.PLAIN),
                new ScalarNode(Tag.STR, path, null, null, DumperOptions.ScalarStyle.SINGLE_QUOTED)));
        StringWriter out = new StringWriter();
        new Yaml().serialize(top, out);
        return out.toString();
    }
}
