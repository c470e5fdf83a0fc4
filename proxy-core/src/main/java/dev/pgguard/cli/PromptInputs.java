package dev.pgguard.cli;

/** Where the prompt's inputs come from, one at a time; {@link MergedInputs} in real use, a script in tests. */
interface PromptInputs {

    /** The next input, or null when none came within {@code timeoutMillis}. */
    PromptInput next(long timeoutMillis) throws InterruptedException;
}
