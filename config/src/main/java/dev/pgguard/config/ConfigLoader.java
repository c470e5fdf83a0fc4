package dev.pgguard.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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
 *
 * <p>The agents and approvers files ({@link ManagedFiles}) are read after the config file, when they exist, and
 * their entries join the file's own; a problem in one of them is reported against that file.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static PgGuardConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    /** Relative paths inside the file resolve against the file's directory, as do the default managed files. */
    public static PgGuardConfig load(Path file, Map<String, String> env) throws ConfigException {
        return load(file, env, UnaryOperator.identity());
    }

    /**
     * As {@link #load(Path, Map)}, with the managed files {@code substitute} says read in place of the ones the
     * file names: how {@code pgguard agent} and {@code pgguard approver} check a new file before moving it in.
     */
    public static PgGuardConfig load(Path file, Map<String, String> env, UnaryOperator<ManagedFiles> substitute)
            throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(),
                    List.of(new ConfigProblem("", 0, "cannot read the file (" + e + ")")));
        }
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(yaml, file.toString(), env, baseDir, ManagedFiles.beside(baseDir), substitute);
    }

    /** Relative paths resolve against the working directory; no managed files unless the text names them. */
    public static PgGuardConfig parse(String yaml, String sourceName, Map<String, String> env)
            throws ConfigException {
        return parse(yaml, sourceName, env, Path.of(""), ManagedFiles.NONE, UnaryOperator.identity());
    }

    /**
     * The configuration {@code pgguard serve} runs without a config file: the defaults, with the agents and
     * approvers files of {@code dir} (~/.pgguard) when they exist.
     */
    public static PgGuardConfig withoutFile(Path dir, Map<String, String> env) throws ConfigException {
        return withoutFile(dir, env, UnaryOperator.identity());
    }

    /** As {@link #withoutFile(Path, Map)}, with substituted managed files (see {@link #load(Path, Map, UnaryOperator)}). */
    public static PgGuardConfig withoutFile(Path dir, Map<String, String> env, UnaryOperator<ManagedFiles> substitute)
            throws ConfigException {
        ManagedFiles files = ManagedFiles.beside(dir);
        return withManagedFiles(PgGuardConfig.defaults().withManagedFiles(files), substitute.apply(files), env);
    }

    static PgGuardConfig parse(String yaml, String sourceName, Map<String, String> env, Path baseDir,
                               ManagedFiles defaults, UnaryOperator<ManagedFiles> substitute) throws ConfigException {
        Node root = compose(yaml, sourceName);
        PgGuardConfig config = root == null ? PgGuardConfig.defaults().withManagedFiles(defaults)
                : bind(sourceName, problems -> new ConfigBinder(problems, env, new ConfigFiles(baseDir), defaults)
                        .bind(root));
        return withManagedFiles(config, substitute.apply(config.managedFiles()), env);
    }

    /**
     * Adds the entries of the managed files, read from {@code read}: the config's own, or candidates in their
     * place; the result keeps naming the config's own, which are what a reload watches and a command writes.
     */
    private static PgGuardConfig withManagedFiles(PgGuardConfig config, ManagedFiles read, Map<String, String> env)
            throws ConfigException {
        Set<String> environments = new TreeSet<>();
        config.environments().forEach(e -> environments.add(e.name()));
        PgGuardConfig withAgents = managed(read.agents(), "agents", env, (m, problems) -> config.withAgents(
                joined(m, "agents", config.agents(), new AgentBinder(problems, environments).bind(m), AgentConfig::name)))
                .orElse(config);
        ConfigFiles besideApprovers = new ConfigFiles(read.approvers().map(p -> p.toAbsolutePath().getParent())
                .orElse(Path.of("")));
        return managed(read.approvers(), "approvers", env, (m, problems) -> withAgents.withApprovers(
                joined(m, "approvers", withAgents.approvers(), new ApproverBinder(problems, besideApprovers).bind(m),
                        ApproverConfig::name)))
                .orElse(withAgents);
    }

    /** The config file's entries and a managed file's; a name in both is a problem of the managed file. */
    private static <T> List<T> joined(YamlMapping m, String key, List<T> own, List<T> added, Function<T, String> name) {
        List<String> ownNames = own.stream().map(name).toList();
        for (T entry : added) {
            if (ownNames.contains(name.apply(entry))) {
                m.problem(key, key.substring(0, key.length() - 1) + " '" + name.apply(entry)
                        + "' is also defined in the config file: keep one of them");
            }
        }
        List<T> all = new ArrayList<>(own);
        all.addAll(added);
        return all;
    }

    /** What binding a managed file's top mapping (whose only key is {@code key}) makes of the config. */
    @FunctionalInterface
    private interface ManagedBinding {
        PgGuardConfig apply(YamlMapping top, Problems problems);
    }

    private static Optional<PgGuardConfig> managed(Optional<Path> file, String key, Map<String, String> env,
                                                   ManagedBinding binding) throws ConfigException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String yaml;
        try {
            yaml = Files.readString(file.get(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // nothing added yet
        } catch (IOException e) {
            throw new ConfigException(file.get().toString(),
                    List.of(new ConfigProblem("", 0, "cannot read the file (" + e + ")")));
        }
        Node root = compose(yaml, file.get().toString());
        if (root == null) {
            return Optional.empty();
        }
        return Optional.of(bind(file.get().toString(), problems ->
                YamlMapping.open(root, "", problems, env, List.of(key)).map(m -> binding.apply(m, problems))
                        .orElse(null)));
    }

    private static PgGuardConfig bind(String sourceName, Function<Problems, PgGuardConfig> binding)
            throws ConfigException {
        Problems problems = new Problems();
        PgGuardConfig config;
        try {
            config = binding.apply(problems);
        } catch (IllegalArgumentException e) {
            // a rule across sections the records enforce; the binders report the ones they can place first
            if (problems.count() == 0) {
                throw new ConfigException(sourceName, List.of(new ConfigProblem("", 0, e.getMessage())));
            }
            config = null;
        }
        if (problems.count() > 0 || config == null) {
            throw new ConfigException(sourceName, problems.list());
        }
        return config;
    }

    private static Node compose(String yaml, String sourceName) throws ConfigException {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem("",
                    Problems.lineOf(e.getProblemMark()), "invalid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem("", 0, "invalid YAML: " + e.getMessage())));
        }
    }
}
