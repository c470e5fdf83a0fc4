package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.Policy;
import dev.pgguard.classifier.Rule;
import dev.pgguard.classifier.RuleAction;
import dev.pgguard.classifier.Verdict;
import dev.pgguard.config.ConfigException;
import dev.pgguard.config.PgGuardConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.function.Function;

/** The options {@code check} and {@code classify} share: where the policy comes from, and the time bound. */
final class AnalysisOptions {

    static final String DEFAULT_TIMEOUT_MILLIS = "2000";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pgguard.yaml the policy comes from (default: ./pgguard.yaml when it exists, else built-in defaults)")
    private Path configFile;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = DEFAULT_TIMEOUT_MILLIS,
            description = "time bound of one analysis; past it the SQL is held as unanalysable (default: ${DEFAULT-VALUE})")
    private long timeoutMillis;

    /** Replaced by tests (a classification that never returns, say); null means the real classifier. */
    Function<String, Classification> classification;

    /**
     * Loads the configuration and starts the bounded classifier under its policy.
     *
     * @throws ParameterException for a bad option value (picocli reports it as a usage error)
     */
    BoundedClassifier start() throws ConfigException {
        if (timeoutMillis < 1) {
            throw new ParameterException(command.commandLine(),
                    "--timeout-ms must be at least 1, got " + timeoutMillis);
        }
        PgGuardConfig config = ConfigFile.load(configFile);
        Policy policy = PolicyFromConfig.of(config);
        Function<String, Classification> f = classification;
        if (f == null) {
            // One classifier for the whole run (its caches pay off on repeated SQL), a fresh session per input:
            // inputs are independent, so one input's PREPARE never vouches for another's EXECUTE.
            Classifier classifier = new Classifier(PolicyFromConfig.limits(config));
            f = sql -> classifier.newSession(policy).classify(sql);
        }
        Verdict unanalysable = policy.action(Rule.UNANALYSABLE) == RuleAction.DENY ? Verdict.DENY : Verdict.HOLD;
        return new BoundedClassifier(f, timeoutMillis, unanalysable);
    }
}
