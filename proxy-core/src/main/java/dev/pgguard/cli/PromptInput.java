package dev.pgguard.cli;

/**
 * What the interactive prompt reacts to: a line the approver typed, an event from the server, or the end of
 * either. Times are from the prompt's clock ({@code System.nanoTime()} in real use).
 */
sealed interface PromptInput {

    /** A line from standard input, without its line end; {@code receivedAt} is when it was read. */
    record Typed(String text, long receivedAt) implements PromptInput {
    }

    record Event(HoldEvent event, long receivedAt) implements PromptInput {
    }

    /** Standard input ended (Ctrl-D, or a closed pipe). */
    record InputClosed() implements PromptInput {
    }

    /** The events stream ended or broke: the prompt cannot know what is pending any more. */
    record EventsEnded(String why) implements PromptInput {
    }
}
