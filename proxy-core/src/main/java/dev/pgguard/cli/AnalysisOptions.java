package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.classifier.Policy;
import dev.pgguard.config.ClassifierConfig;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.function.Function;

/** The options {@code check} and {@code classify} share: where the policy comes from, and the time bound. */
final class AnalysisOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Mixin
    private ConfigFile configFile;

    // The same bound as the proxy's (ClassifyingInspector.ANALYSIS_TIMEOUT_MILLIS), which is not visible here.
    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000",
            description = "time bound of one analysis; past it the SQL is held as unanalysable (default: ${DEFAULT-VALUE})")
    private long timeoutMillis;

    /** Replaced by tests (a classification that never returns, say); null means the real classifier. */
    Function<String, Classification> classification;

    /**
     * Loads the configuration and starts the bounded classifier under its policy.
     *
     * @throws ParameterException for a bad option value (picocli reports it as a usage error)
     * @throws ConfigException    when the configuration has problems ({@link PgGuardCli} exits with
     *                            {@link ExitCodes#CONFIG})
     */
    BoundedClassifier start() throws ConfigException {
        if (timeoutMillis < 1) {
            throw new ParameterException(command.commandLine(),
                    "--timeout-ms must be at least 1, got " + timeoutMillis);
        }
        // Policy and limits as PgGuardServer.classifyingInspector builds them, so the CLI judges as serve does.
        ClassifierConfig config = configFile.load().classifier();
        Policy policy = Policy.of(config);
        Function<String, Classification> f = classification;
        if (f == null) {
            // One classifier for the whole run (its caches pay off on repeated SQL), a fresh session per input:
            // inputs are independent, so one input's PREPARE never vouches for another's EXECUTE.
            Classifier classifier = new Classifier(ClassifierLimits.of(config));
            f = sql -> classifier.newSession(policy).classify(sql);
        }
        return new BoundedClassifier(f, timeoutMillis, policy);
    }
}
