package dev.pgguard.approval.control;

import dev.pgguard.classifier.CatalogFacts.Reach;
import dev.pgguard.classifier.FunctionRef;
import dev.pgguard.classifier.TableRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What lies behind relations, as {@link CatalogReader} reads it from the catalog: edges from a relation to
 * what its rules reference (a view's query is its SELECT rule) and to its inheritance children. Reading follows
 * SELECT rules and children only; writing follows every edge, since an INSERT, UPDATE or DELETE rule runs its
 * actions, an updatable view writes the relation its query reads, and writing a parent writes its partitions.
 */
final class RelationGraph {

    /** pg_rewrite.ev_type of a SELECT rule, and the edge kind given to inheritance (pg_inherits). */
    static final char SELECT_RULE = '1';
    static final char CHILD = 'i';

    /** One edge: {@code via} is the rule's ev_type or {@link #CHILD}; the target is a relation or a function. */
    record Edge(TableRef from, char via, TableRef relation, FunctionRef function) {
    }

    private final Map<TableRef, List<Edge>> edges = new HashMap<>();

    void add(Edge e) {
        edges.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }

    /** Everything reading ({@code write} false) or writing {@code root} reaches, {@code root} itself left out. */
    Reach reach(TableRef root, boolean write) {
        Set<TableRef> relations = new LinkedHashSet<>();
        Set<FunctionRef> functions = new LinkedHashSet<>();
        Deque<TableRef> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            for (Edge e : edges.getOrDefault(todo.pop(), List.of())) {
                if (!write && e.via() != SELECT_RULE && e.via() != CHILD) {
                    continue;
                }
                if (e.function() != null) {
                    functions.add(e.function());
                } else if (!e.relation().equals(root) && relations.add(e.relation())) {
                    todo.push(e.relation());
                }
            }
        }
        return relations.isEmpty() && functions.isEmpty() ? Reach.NOTHING
                : new Reach(List.copyOf(relations), List.copyOf(functions));
    }
}
