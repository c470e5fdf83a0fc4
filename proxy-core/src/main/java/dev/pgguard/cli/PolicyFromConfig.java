package dev.pgguard.cli;

import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.classifier.Policy;
import dev.pgguard.config.PgGuardConfig;

/**
 * The one place the CLI turns the configuration into what the classifier runs under, so that {@code check} and
 * {@code classify} judge SQL exactly as {@code serve} would with the same file.
 */
final class PolicyFromConfig {

    private PolicyFromConfig() {
    }

    static Policy of(PgGuardConfig config) {
        return Policy.of(config.classifier());
    }

    static ClassifierLimits limits(PgGuardConfig config) {
        return ClassifierLimits.of(config.classifier());
    }
}
