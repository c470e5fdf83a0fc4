package dev.pgguard.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a pgguard YAML file into a validated, immutable {@link PgGuardConfig}, or fails with every problem
 * found. The YAML is only composed into a node tree, never constructed into objects, so tags cannot
 * instantiate anything, and the node marks give each problem its line.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static PgGuardConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    /** Relative paths inside the file resolve against the file's directory. */
    public static PgGuardConfig load(Path file, Map<String, String> env) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(),
                    List.of(new ConfigProblem("", 0, "cannot read the file (" + e + ")")));
        }
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(yaml, file.toString(), env, baseDir);
    }

    /** Relative paths resolve against the working directory. */
    public static PgGuardConfig parse(String yaml, String sourceName, Map<String, String> env)
            throws ConfigException {
        return parse(yaml, sourceName, env, Path.of(""));
    }

    static PgGuardConfig parse(String yaml, String sourceName, Map<String, String> env, Path baseDir)
            throws ConfigException {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem("",
                    Problems.lineOf(e.getProblemMark()), "invalid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem("", 0, "invalid YAML: " + e.getMessage())));
        }
        if (root == null) {
            return PgGuardConfig.defaults(); // empty, or only comments
        }
        Problems problems = new Problems();
        PgGuardConfig config = new ConfigBinder(problems, env, new ConfigFiles(baseDir)).bind(root);
        if (problems.count() > 0) {
            throw new ConfigException(sourceName, problems.list());
        }
        return config;
    }
}
