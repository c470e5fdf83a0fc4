package dev.pgguard.it.support;

import dev.pgguard.proxy.inspect.Decision;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.StatementInspector;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Allows everything and remembers what it saw, so that a test can assert which frames reached the hook. */
public final class RecordingInspector implements StatementInspector {

    private final List<InspectedStatement> seen = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Decision> inspect(InspectedStatement statement) {
        seen.add(statement);
        return Decision.allowNow();
    }

    public List<InspectedStatement> seen() {
        return List.copyOf(seen);
    }

    /** What was seen of the given kind whose SQL contains {@code marker}. */
    public List<InspectedStatement> matching(InspectedStatement.Kind kind, String marker) {
        Predicate<InspectedStatement> p = s -> s.kind() == kind && s.sql() != null && s.sql().contains(marker);
        return seen.stream().filter(p).toList();
    }

    public void clear() {
        seen.clear();
    }
}
