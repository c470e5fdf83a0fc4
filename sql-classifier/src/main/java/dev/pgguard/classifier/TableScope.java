package dev.pgguard.classifier;

import dev.pgguard.config.TablePattern;
import dev.pgguard.config.TableScopeConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which tables an agent may read and which it may write: per direction an allow list and a deny list of
 * {@code schema.table} patterns ({@link TablePattern}). An empty allow list allows every table; a deny pattern
 * always wins. Immutable.
 *
 * <p>A table is checked by its schema-qualified name. For an agent with a scope pgguard pins the session's
 * {@code search_path} to {@code public}, so an unqualified name is {@code pg_catalog}'s relation of that name
 * when PostgreSQL 15 has one, else {@code public}'s. The system schemas ({@code pg_catalog},
 * {@code information_schema}) are readable whatever the read allow list says (drivers, ORMs and psql read them
 * all the time), unless a read deny pattern names them.
 *
 * <p>The safe answer wins wherever pgguard cannot see: a statement it cannot analyse, one whose tables it cannot
 * tell (DO, CALL, EXECUTE, most DDL), a call of a function that is not built in, and anything that changes what
 * names resolve to or which role the agent acts as are outside every scope.
 *
 * <p>What lies behind a name is checked too, from the guarded database's catalog ({@link CatalogFacts}, asked
 * what {@link #questions} lists): a view is readable only when everything its query reads is, a write through a
 * view or a rule only when everything it writes is writable, a partitioned table's partitions count as the table,
 * and a view calling a function that is not built in, or a built-in name that schema public also defines, is
 * refused. Without the catalog ({@link #violation(Classification)}) names are all there is.
 */
public final class TableScope {

    public static final TableScope UNSCOPED = new TableScope(List.of(), List.of(), List.of(), List.of());

    private static final String PINNED_SCHEMA = "public";

    private final List<TablePattern> readAllow;
    private final List<TablePattern> readDeny;
    private final List<TablePattern> writeAllow;
    private final List<TablePattern> writeDeny;

    private TableScope(List<TablePattern> readAllow, List<TablePattern> readDeny, List<TablePattern> writeAllow,
                       List<TablePattern> writeDeny) {
        this.readAllow = readAllow;
        this.readDeny = readDeny;
        this.writeAllow = writeAllow;
        this.writeDeny = writeDeny;
    }

    /**
     * A scope from four lists of {@code schema.table} patterns; an IllegalArgumentException names the first bad
     * pattern, what is wrong with it and what a good one looks like.
     */
    public static TableScope of(List<String> readAllow, List<String> readDeny, List<String> writeAllow,
                                List<String> writeDeny) {
        return new TableScope(parse(readAllow), parse(readDeny), parse(writeAllow), parse(writeDeny));
    }

    /** The scope an agent's {@code tables} section describes. */
    public static TableScope of(TableScopeConfig config) {
        return of(config.readAllow(), config.readDeny(), config.writeAllow(), config.writeDeny());
    }

    /** False when all four lists are empty: then nothing is ever outside the scope. */
    public boolean scoped() {
        return !(readAllow.isEmpty() && readDeny.isEmpty() && writeAllow.isEmpty() && writeDeny.isEmpty());
    }

    /**
     * The first reason the message is outside this scope by the names it uses alone, statement by statement, as
     * one sentence for the agent and for a human; empty when every statement is inside it.
     */
    public Optional<String> violation(Classification c) {
        return violation(c, CatalogFacts.NAMES_ONLY);
    }

    /** As {@link #violation(Classification)}, and with what the catalog says lies behind the names. */
    public Optional<String> violation(Classification c, CatalogFacts catalog) {
        if (!scoped()) {
            return Optional.empty();
        }
        for (ClassifiedStatement s : c.statements()) {
            String reason = violation(s, catalog);
            if (reason != null) {
                return Optional.of("table scope: " + reason);
            }
        }
        return Optional.empty();
    }

    /**
     * What the catalog must be asked about the message before {@link #violation(Classification, CatalogFacts)}
     * can answer: the relations it names outside the system schemas, and the built-in names it calls unqualified.
     * None for an agent without a scope.
     */
    public CatalogFacts.Questions questions(Classification c) {
        if (!scoped()) {
            return CatalogFacts.Questions.NONE;
        }
        Set<TableRef> relations = new HashSet<>();
        Set<String> functions = new HashSet<>();
        for (ClassifiedStatement s : c.statements()) {
            for (TableRef t : s.writes()) {
                addRelation(relations, resolve(t));
            }
            for (TableRef t : s.reads()) {
                addRelation(relations, resolve(t));
            }
            for (FunctionRef f : s.calls()) {
                if (f.schema() == null && isBuiltIn(f)) {
                    functions.add(f.name());
                }
            }
        }
        return relations.isEmpty() && functions.isEmpty() ? CatalogFacts.Questions.NONE
                : new CatalogFacts.Questions(relations, functions);
    }

    private static void addRelation(Set<TableRef> relations, TableRef table) {
        if (!isSystemSchema(table.schema())) {
            relations.add(table);
        }
    }

    private String violation(ClassifiedStatement s, CatalogFacts catalog) {
        for (RuleHit hit : s.rules()) {
            if (hit.rule() == Rule.UNANALYSABLE) {
                return "pgguard cannot fully analyse " + describe(s) + " (rule unanalysable), so an agent with a "
                        + "table scope may not run it";
            }
        }
        if (s.changesIdentity()) {
            return describe(s) + " changes search_path, the role or the session authorization, which an agent with "
                    + "a table scope may not do (its scope holds for pgguard's pinned search_path and its login role)";
        }
        if (!s.tablesKnown()) {
            return "pgguard cannot tell which tables " + describe(s) + " touches, so an agent with a table scope may "
                    + "not run it";
        }
        for (FunctionRef f : s.calls()) {
            if (!isBuiltIn(f)) {
                return "function " + name(f.schema(), f.name()) + " is not built in; pgguard cannot see which tables "
                        + "it touches";
            }
            if (f.schema() == null && catalog.publicHasFunction(f.name())) {
                return "schema public has a function named " + identifier(f.name()) + " beside the built-in one, and "
                        + "pgguard cannot tell which of them this call runs (write pg_catalog." + identifier(f.name())
                        + " to call the built-in)";
            }
        }
        for (TableRef t : s.writes()) {
            String reason = outsideOrBehind(resolve(t), true, catalog);
            if (reason != null) {
                return reason;
            }
        }
        for (TableRef t : s.reads()) {
            String reason = outsideOrBehind(resolve(t), false, catalog);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Why the agent may not read or write {@code table}, or what lies behind it; null when it may. */
    private String outsideOrBehind(TableRef table, boolean write, CatalogFacts catalog) {
        String reason = outside(table, write, null);
        if (reason != null || isSystemSchema(table.schema())) {
            return reason;
        }
        CatalogFacts.Reach reach = catalog.reach(table, write);
        for (TableRef behind : reach.relations()) {
            reason = outside(behind, write, table);
            if (reason != null) {
                return reason;
            }
        }
        for (FunctionRef f : reach.functions()) {
            if (!isBuiltIn(f)) {
                return name(table.schema(), table.name()) + " calls function " + name(f.schema(), f.name())
                        + ", which is not built in; pgguard cannot see which tables it touches";
            }
        }
        return null;
    }

    /** Why the agent may not read or write {@code table} by its name; null when it may. */
    private String outside(TableRef table, boolean write, TableRef through) {
        return write ? outside(table, "write", writeAllow, writeDeny, false, through)
                : outside(table, "read", readAllow, readDeny, isSystemSchema(table.schema()), through);
    }

    /**
     * Why the agent may not {@code verb} {@code table}, or null when it may; {@code through} names the relation
     * the statement named when {@code table} lies behind it (null when the statement names {@code table}).
     */
    private static String outside(TableRef table, String verb, List<TablePattern> allow, List<TablePattern> deny,
                                  boolean allowedAnyway, TableRef through) {
        for (TablePattern p : deny) {
            if (p.matches(table.schema(), table.name())) {
                return refused(table, verb, through, "matches tables." + verb + ".deny pattern \"" + p + "\"");
            }
        }
        if (allowedAnyway || allow.isEmpty() || allow.stream().anyMatch(p -> p.matches(table.schema(), table.name()))) {
            return null;
        }
        return refused(table, verb, through, "not in tables." + verb + ".allow");
    }

    private static String refused(TableRef table, String verb, TableRef through, String why) {
        return "agent may not " + verb + " " + name(table.schema(), table.name()) + " ("
                + (through == null ? "" : "behind " + name(through.schema(), through.name()) + "; ") + why + ")";
    }

    /** The name as PostgreSQL resolves it with pgguard's pinned search_path (pg_catalog first, then public). */
    private static TableRef resolve(TableRef t) {
        if (t.schema() != null) {
            return t;
        }
        return new TableRef(PgCatalog.isRelation(t.name()) ? PgCatalog.SCHEMA : PINNED_SCHEMA, t.name());
    }

    private static boolean isSystemSchema(String schema) {
        return schema.equals(PgCatalog.SCHEMA) || schema.equals(PgCatalog.INFORMATION_SCHEMA);
    }

    /**
     * A function of pg_catalog: qualified so (information_schema's helpers, which drivers call, count too), or
     * unqualified with a name pg_catalog has, which the pinned search_path looks up there first; or a cast
     * written like a call to a type of pg_catalog ({@code jsonb('{}')}). An overload in public whose argument
     * types fit better would still win, as in any PostgreSQL session: pgguard does not know the argument types.
     */
    private static boolean isBuiltIn(FunctionRef f) {
        if (f.schema() != null) {
            return isSystemSchema(f.schema());
        }
        return PgCatalog.isFunction(f.name()) || PgCatalog.isType(f.name());
    }

    /** A name as it must be written: {@code app.orders}, {@code "Sales"."Q1 Report"}, {@code public."user"}. */
    private static String name(String schema, String name) {
        return schema == null ? identifier(name) : identifier(schema) + "." + identifier(name);
    }

    private static String identifier(String name) {
        boolean plain = !name.isEmpty() && !PgCatalog.mustQuote(name);
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && ((c >= '0' && c <= '9') || c == '$'));
        }
        return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /** "this DELETE statement", by the statement's first word. */
    private static String describe(ClassifiedStatement s) {
        String sql = s.sql();
        int i = 0;
        while (i < sql.length() && (sql.charAt(i) == '(' || Character.isWhitespace(sql.charAt(i)))) {
            i++;
        }
        int start = i;
        while (i < sql.length() && sql.charAt(i) < 0x80 && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i == start ? "this statement"
                : "this " + sql.substring(start, i).toUpperCase(Locale.ROOT) + " statement";
    }

    private static List<TablePattern> parse(List<String> patterns) {
        return patterns.stream().map(TablePattern::parse).toList();
    }
}
