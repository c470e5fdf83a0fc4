package dev.pgguard.classifier;

/** A rule the analysis found to apply, before the policy says what that means. */
record Finding(Rule rule, String reason) {
}
