package dev.pgguard.classifier;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The functions a statement calls, with their schema when written: a name (qualified or not) followed by
 * {@code (}, except where PostgreSQL's grammar gives that shape another meaning. What a table scope checks, so
 * a call must never be missed; a shape read as a call that is not one only refuses a statement (fail closed).
 *
 * <p>Not calls: the statement's first word ({@code EXPLAIN (...)}, {@code COPY (...)}); reserved and column-name
 * key words ({@code IN (}, {@code VALUES (}, {@code COALESCE(}: grammar, whatever functions exist); a name right
 * after an operand (a plain identifier, a literal, {@code )}: an alias with column names {@code t x(a)}, a type
 * with a modifier {@code c vector(3)}, an infix key word {@code a LIKE (b)}) or after {@code ::}, {@code AS},
 * {@code INTO}, {@code TABLE} and the like (a relation with column names, a type, a definition); a CTE name with
 * column names; and a few clauses that put an unreserved word before {@code (}, each where it stands
 * ({@code ON CONFLICT (}, {@code UPDATE SET (}, {@code GROUP BY ROLLUP (}, {@code OPERATOR(pg_catalog.=)} ...).
 */
final class FunctionCalls {

    /** After these words a name followed by {@code (} is a relation, a type, an alias or a definition. */
    private static final Set<String> NOT_A_CALL_AFTER = Set.of("as", "into", "copy", "references", "table", "view",
            "exists", "function", "procedure", "aggregate", "routine", "prepare");
    private static final Set<String> CHARACTER_TYPES = Set.of("character", "char", "bit");
    /** {@code INTERVAL DAY TO SECOND (3)}. */
    private static final Set<String> INTERVAL_FIELDS = Set.of("day", "hour", "minute");

    private final TokenView v;
    private final int first;

    private FunctionCalls(TokenView v) {
        this.v = v;
        this.first = v.firstWord();
    }

    static Set<FunctionRef> in(TokenView v) {
        return new FunctionCalls(v).find();
    }

    private Set<FunctionRef> find() {
        Set<FunctionRef> calls = new LinkedHashSet<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.isName(i) || v.isSymbol(i - 1, ".") || i == first) {
                continue;
            }
            int open = QualifiedName.end(v, i);
            if (v.isSymbol(open, "(") && isCall(i, open)) {
                TableRef name = QualifiedName.at(v, i);
                calls.add(new FunctionRef(name.schema(), name.name()));
            }
        }
        return calls;
    }

    /** Whether the name in [start, open) followed by the {@code (} at {@code open} is a call. */
    private boolean isCall(int start, int open) {
        String word = open == start + 1 ? v.word(start) : null; // unquoted and unqualified
        if (word != null && (PgCatalog.isGrammarOnly(word) || isClauseWord(word, start, open))) {
            return false;
        }
        return !isCteName(start, open) && !isCopyOption(start) && !followsOperandOrDefinition(start - 1);
    }

    /** Unreserved words that some clause puts before {@code (}, where that clause stands. */
    private boolean isClauseWord(String word, int i, int open) {
        String prev = v.word(i - 1);
        return switch (word) {
            // after a word that is not reserved (a join type, a table, an alias, a type), JOIN is the clause
            case "join" -> prev != null && !PgCatalog.isReserved(prev);
            case "by" -> "group".equals(prev) || "order".equals(prev) || "partition".equals(prev);
            case "conflict" -> "on".equals(prev) && (v.isWord(v.closing(open) + 1, "do")
                    || v.isWord(v.closing(open) + 1, "where"));
            case "set" -> "update".equals(prev);
            case "insert" -> "then".equals(prev);
            case "materialized" -> "not".equals(prev);
            case "sets" -> "grouping".equals(prev);
            case "rollup", "cube" -> inGroupByList(i) || inGroupingSets(i);
            // a column's or a foreign table's OPTIONS (...), an EXCLUDE (a WITH =) constraint
            case "options", "exclude" -> v.isWord(first, "create");
            case "operator" -> isOperatorName(open + 1);
            case "varying" -> wordIn(i - 1, CHARACTER_TYPES);
            case "second" -> "interval".equals(prev) || "to".equals(prev) && wordIn(i - 2, INTERVAL_FIELDS);
            case "first", "next" -> "fetch".equals(prev);
            case "key" -> "primary".equals(prev) || "foreign".equals(prev);
            case "stdin", "stdout" -> v.isWord(first, "copy") && ("from".equals(prev) || "to".equals(prev));
            case "range", "list", "hash" -> v.isWord(first, "create") && "by".equals(prev)
                    && v.isWord(i - 2, "partition");
            default -> false;
        };
    }

    /**
     * The token before the name ends an operand (a plain identifier, a quoted one, a literal, {@code )} or
     * {@code ]}), or is {@code ::} or a word after which a name is a relation, a type or a definition.
     */
    private boolean followsOperandOrDefinition(int p) {
        if (p < 0) {
            return false;
        }
        Token prev = v.get(p);
        return switch (prev.kind()) {
            case QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER -> true;
            case KEYWORD_OR_IDENTIFIER -> !PgCatalog.isKeyword(prev.text()) || NOT_A_CALL_AFTER.contains(prev.text());
            case PUNCTUATION, OPERATOR -> prev.isSymbol("::") || prev.isSymbol("]")
                    || prev.isSymbol(")") && !closesDistinctOn(p);
            default -> false;
        };
    }

    /** {@code SELECT DISTINCT ON (a) f(b)}: the one place a call follows a closing parenthesis. */
    private boolean closesDistinctOn(int close) {
        int open = v.opening(close);
        return v.isWord(open - 1, "on") && v.isWord(open - 2, "distinct");
    }

    /**
     * {@code WITH [RECURSIVE] name (cols) AS [NOT] [MATERIALIZED] (query)}, also after a comma. A function
     * with a column definition list ({@code FROM f() AS (a int)}) looks alike up to the last parenthesis, which
     * holds column definitions there, never a query.
     */
    private boolean isCteName(int start, int open) {
        if (!v.isWord(start - 1, "with") && !v.isWord(start - 1, "recursive") && !v.isSymbol(start - 1, ",")) {
            return false;
        }
        int j = v.closing(open) + 1;
        if (!v.isWord(j, "as")) {
            return false;
        }
        j++;
        if (v.isWord(j, "not")) {
            j++;
        }
        if (v.isWord(j, "materialized")) {
            j++;
        }
        return v.isSymbol(j, "(") && startsQuery(j + 1);
    }

    /** A query's first words; a column definition list cannot start so (its names cannot be reserved words). */
    private boolean startsQuery(int i) {
        return v.isSymbol(i, "(") || v.isWord(i, "select") || v.isWord(i, "with") || v.isWord(i, "table")
                || v.isWord(i, "values") && v.isSymbol(i + 1, "(")
                || v.isWord(i, "insert") && v.isWord(i + 1, "into")
                || v.isWord(i, "merge") && v.isWord(i + 1, "into")
                || v.isWord(i, "delete") && v.isWord(i + 1, "from");
    }

    /**
     * {@code COPY ... [WITH] (FORMAT csv, FORCE_NULL (a))}: a COPY's option list holds option names and values,
     * never a call (its WHERE, outside the list, may).
     */
    private boolean isCopyOption(int start) {
        if (!v.isWord(first, "copy") || (!v.isSymbol(start - 1, "(") && !v.isSymbol(start - 1, ","))) {
            return false;
        }
        int open = v.opening(start);
        return open > 0 && (v.isWord(open - 1, "with") || v.isWord(open - 1, "stdin") || v.isWord(open - 1, "stdout")
                || v.isKind(open - 1, TokenKind.STRING));
    }

    /** {@code OPERATOR(schema.op)}: the operator syntax, not a call of a function named operator. */
    private boolean isOperatorName(int i) {
        while (v.isName(i) && v.isSymbol(i + 1, ".")) {
            i += 2;
        }
        return v.isKind(i, TokenKind.OPERATOR) && v.isSymbol(i + 1, ")");
    }

    /**
     * A top-level item of a GROUP BY list ({@code GROUP BY [ALL | DISTINCT] a, ROLLUP (b)}), where ROLLUP and
     * CUBE are grammar; anywhere else (inside an expression) they are calls.
     */
    private boolean inGroupByList(int i) {
        int d = v.depth(i);
        int j = i - 1;
        if (v.isWord(j, "all") || v.isWord(j, "distinct")) {
            return v.isWord(j - 1, "by") && v.isWord(j - 2, "group");
        }
        if (!v.isWord(j, "by") && !v.isSymbol(j, ",")) {
            return false;
        }
        for (; j >= 0 && v.depth(j) >= d; j--) {
            if (v.depth(j) == d && v.isWord(j, "by")) {
                return v.isWord(j - 1, "group");
            }
            String w = v.word(j);
            if (v.depth(j) == d && w != null && PgCatalog.isGrammarOnly(w) && !w.equals("all")
                    && !w.equals("distinct")) {
                return false;
            }
        }
        return false;
    }

    /** {@code GROUPING SETS (a, ROLLUP (b))}: an item of a grouping set list, where ROLLUP and CUBE are grammar too. */
    private boolean inGroupingSets(int i) {
        if (!v.isSymbol(i - 1, "(") && !v.isSymbol(i - 1, ",")) {
            return false;
        }
        int open = v.opening(i);
        return v.isWord(open - 1, "sets") && v.isWord(open - 2, "grouping");
    }

    private boolean wordIn(int i, Set<String> words) {
        String w = v.word(i);
        return w != null && words.contains(w);
    }
}
