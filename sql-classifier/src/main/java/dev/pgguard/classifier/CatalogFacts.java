package dev.pgguard.classifier;

import java.util.List;
import java.util.Set;

/**
 * What the guarded database's catalog says lies behind the names a statement uses, for {@link TableScope}: a
 * view reads the relations of its query, a rule reads or writes the relations of its actions, a partitioned or
 * inherited table's rows live in its children, and a view or rule may call functions. A statement's text shows
 * none of that. Names are schema-qualified.
 */
public interface CatalogFacts {

    /** Names only: nothing is known to lie behind any relation, and schema public defines no function. */
    CatalogFacts NAMES_ONLY = new CatalogFacts() {
        @Override
        public Reach reach(TableRef table, boolean write) {
            return Reach.NOTHING;
        }

        @Override
        public boolean publicHasFunction(String name) {
            return false;
        }
    };

    /**
     * What reading {@code table} (or, with {@code write}, writing it) reaches besides the table itself, through
     * any depth of views, rules and inheritance. Writing follows every rule and a view's query (an updatable
     * view writes its base table); reading follows only views' queries and inheritance.
     */
    Reach reach(TableRef table, boolean write);

    /**
     * Whether schema {@code public} has a function named {@code name}: then an unqualified call of that name may
     * run it instead of the built-in, depending on argument types pgguard does not know.
     */
    boolean publicHasFunction(String name);

    /** Relations and functions reached, each once. */
    record Reach(List<TableRef> relations, List<FunctionRef> functions) {

        public static final Reach NOTHING = new Reach(List.of(), List.of());

        public Reach {
            relations = List.copyOf(relations);
            functions = List.copyOf(functions);
        }
    }

    /**
     * What a scope check must ask the catalog about one message: the relations it names (schema-qualified, the
     * system schemas left out) and the built-in function names it calls unqualified.
     */
    record Questions(Set<TableRef> relations, Set<String> functions) {

        public static final Questions NONE = new Questions(Set.of(), Set.of());

        public Questions {
            relations = Set.copyOf(relations);
            functions = Set.copyOf(functions);
        }

        public boolean isEmpty() {
            return relations.isEmpty() && functions.isEmpty();
        }
    }
}
