package dev.pgguard.approval;

import dev.pgguard.approval.blast.BlastRadius;
import dev.pgguard.classifier.ClassifiedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Measures what a held message would touch; never blocks, completes within its own time box. */
@FunctionalInterface
public interface BlastRadiusMeter {

    CompletableFuture<BlastRadius> measure(String database, List<ClassifiedStatement> statements);
}
