package dev.pgguard.cli;

import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.RuleHit;
import dev.pgguard.classifier.Verdict;

/**
 * What the CLI reports for one SQL text: the classifier's answer, or, when the analysis did not finish (time
 * bound, failure), the {@code unanalysable} hit that stands for the whole message. Exactly one is set.
 */
record Outcome(Classification classification, RuleHit unfinished) {

    Outcome {
        if ((classification == null) == (unfinished == null)) {
            throw new IllegalArgumentException("exactly one of classification and unfinished must be set");
        }
    }

    static Outcome of(Classification classification) {
        return new Outcome(classification, null);
    }

    static Outcome unfinished(RuleHit hit) {
        return new Outcome(null, hit);
    }

    Verdict verdict() {
        return classification != null ? classification.verdict() : unfinished.verdict();
    }
}
