package dev.pgguard.classifier;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects an {@link Analysis} while the analysers walk a statement. */
final class AnalysisBuilder {

    StatementKind kind = StatementKind.UTILITY;
    boolean canWrite;
    boolean tablesKnown;
    boolean changesIdentity;
    boolean literalBound;
    String prepares;
    String deallocates;
    final List<Finding> findings = new ArrayList<>();
    final Set<TableRef> reads = new LinkedHashSet<>();
    final Set<TableRef> writes = new LinkedHashSet<>();
    final Set<String> functions = new LinkedHashSet<>();
    final Set<FunctionRef> calls = new LinkedHashSet<>();
    final List<String> executes = new ArrayList<>();

    AnalysisBuilder kind(StatementKind k, boolean writes) {
        this.kind = k;
        this.canWrite = writes;
        return this;
    }

    void find(Rule rule, String reason) {
        findings.add(new Finding(rule, reason));
    }

    void write(TableRef t) {
        if (t != null) {
            writes.add(t);
        }
    }

    void read(TableRef t) {
        if (t != null) {
            reads.add(t);
        }
    }

    /** Takes an inner statement's findings, tables and functions (EXPLAIN ANALYZE, PREPARE, COPY (...)). */
    void absorb(Analysis inner, boolean withFindings) {
        if (withFindings) {
            findings.addAll(inner.findings());
            canWrite |= inner.canWrite();
            executes.addAll(inner.executes());
            functions.addAll(inner.functions());
        }
        reads.addAll(inner.reads());
        writes.addAll(inner.writes());
        literalBound |= inner.literalBound();
    }

    Analysis build() {
        return new Analysis(kind, findings, List.copyOf(reads), List.copyOf(writes), canWrite, tablesKnown, functions,
                List.copyOf(calls), changesIdentity, prepares, executes, deallocates, literalBound);
    }
}
