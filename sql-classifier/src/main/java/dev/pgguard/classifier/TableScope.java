package dev.pgguard.classifier;

import dev.pgguard.config.TablePattern;
import dev.pgguard.config.TableScopeConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
 * names resolve to or which role the agent acts as are outside every scope. Views are checked by their own name,
 * as PostgreSQL checks privileges on a view and not on the tables behind it.
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
     * The first reason the message is outside this scope, statement by statement, as one sentence for the agent
     * and for a human; empty when every statement is inside it.
     */
    public Optional<String> violation(Classification c) {
        if (!scoped()) {
            return Optional.empty();
        }
        for (ClassifiedStatement s : c.statements()) {
            String reason = violation(s);
            if (reason != null) {
                return Optional.of("table scope: " + reason);
            }
        }
        return Optional.empty();
    }

    private String violation(ClassifiedStatement s) {
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
        }
        for (TableRef t : s.writes()) {
            String reason = outside(resolve(t), "write", writeAllow, writeDeny, false);
            if (reason != null) {
                return reason;
            }
        }
        for (TableRef t : s.reads()) {
            TableRef table = resolve(t);
            String reason = outside(table, "read", readAllow, readDeny, isSystemSchema(table.schema()));
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Why the agent may not {@code verb} {@code table}, or null when it may. */
    private static String outside(TableRef table, String verb, List<TablePattern> allow, List<TablePattern> deny,
                                  boolean allowedAnyway) {
        for (TablePattern p : deny) {
            if (p.matches(table.schema(), table.name())) {
                return "agent may not " + verb + " " + name(table.schema(), table.name()) + " (matches tables." + verb
                        + ".deny pattern \"" + p + "\")";
            }
        }
        if (allowedAnyway || allow.isEmpty() || allow.stream().anyMatch(p -> p.matches(table.schema(), table.name()))) {
            return null;
        }
        return "agent may not " + verb + " " + name(table.schema(), table.name()) + " (not in tables." + verb
                + ".allow)";
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
