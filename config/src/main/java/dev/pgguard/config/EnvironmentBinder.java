package dev.pgguard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Binds the {@code environments} section: a mapping of environment names to their upstream and rules. */
final class EnvironmentBinder {

    static final List<String> KEYS = List.of("upstream", "rules");

    private final Problems problems;
    private final ConfigFiles files;

    EnvironmentBinder(Problems problems, ConfigFiles files) {
        this.problems = problems;
        this.files = files;
    }

    List<EnvironmentConfig> bind(YamlMapping environments) {
        List<EnvironmentConfig> result = new ArrayList<>();
        for (String name : environments.keys()) {
            int mark = problems.count();
            if (!AgentConfig.NAME.matcher(name).matches()) {
                environments.problem(name, "an environment name is what agents write as the database name: 1 to 63 "
                        + "characters of a-z, 0-9, _, . and -, starting with a letter or digit");
            }
            Optional<YamlMapping> section = environments.section(name, KEYS);
            if (section.isEmpty()) {
                continue;
            }
            YamlMapping env = section.get();
            if (!env.has("upstream")) {
                env.problem("upstream", "is required: the database of environment '" + name + "'");
            }
            Optional<UpstreamConfig> upstream = env.section("upstream", UpstreamBinder.KEYS)
                    .flatMap(u -> {
                        if (!u.has("database")) {
                            u.problem("database", "is required in an environment: agents connect to the database "
                                    + "named '" + name + "' and pgguard opens this one");
                        }
                        return new UpstreamBinder(problems, files).bind(u);
                    });
            var rules = RulesBinder.bind(env);
            if (problems.count() == mark) {
                result.add(new EnvironmentConfig(name, upstream.orElseThrow(), rules));
            }
        }
        return result;
    }
}
