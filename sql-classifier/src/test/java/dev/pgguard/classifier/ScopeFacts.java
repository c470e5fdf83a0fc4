package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.List;

/**
 * What a classification says one statement touches, beyond its verdict and rules: what a table scope is checked
 * on. Tests compare it where the verdict alone would not show a difference (caches, comments, case).
 */
record ScopeFacts(StatementKind kind, List<TableRef> reads, List<TableRef> writes, boolean canWrite,
                  boolean tablesKnown, List<FunctionRef> calls, boolean changesIdentity) {

    static List<ScopeFacts> of(Classification c) {
        List<ScopeFacts> out = new ArrayList<>();
        for (ClassifiedStatement s : c.statements()) {
            out.add(new ScopeFacts(s.kind(), s.reads(), s.writes(), s.canWrite(), s.tablesKnown(), s.calls(),
                    s.changesIdentity()));
        }
        return out;
    }
}
