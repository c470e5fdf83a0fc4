package dev.pgguard.approval;

import dev.pgguard.approval.blast.BlastRadius;
import dev.pgguard.classifier.ClassifiedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Measures what a held message would touch; never blocks, completes within its own time box. */
@FunctionalInterface
public interface BlastRadiusMeter {

    /** @param environment which upstream {@code database} is on */
    CompletableFuture<BlastRadius> measure(String environment, String database, List<ClassifiedStatement> statements);
}
