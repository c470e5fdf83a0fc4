package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which names before a parenthesis are calls: every call, with its schema as written (a table scope must see
 * them all), and none of the shapes the grammar gives another meaning (which would refuse a harmless statement).
 */
class FunctionCallsTest {

    private static final Classifier CLASSIFIER = new Classifier(ClassifierLimits.DEFAULT.withoutCache());

    /** The SQL, then the calls expected in order of appearance ({@code schema.name}, or the name alone). */
    static Stream<Arguments> statements() {
        return Stream.of(
                // calls, wherever an expression stands
                calls("SELECT now(), app.f(1), \"Q\".\"Mixed\"(2), mydb.app.g()", "now", "app.f", "Q.Mixed", "app.g"),
                calls("SELECT /* c */ app /* c */ . /* c */ f /* c */ (1)", "app.f"),
                calls("SELECT U&\"\\0061pp\".f()", "app.f"),
                calls("SELECT * FROM app.t WHERE NOT app.a() AND b.c(x) OR x = ANY (d())", "app.a", "b.c", "d"),
                calls("SELECT CASE WHEN f() THEN g() ELSE h() END", "f", "g", "h"),
                calls("SELECT f(g(h(1)), k(2))", "f", "g", "h", "k"),
                calls("SELECT x FROM t ORDER BY f(x), (g(x)) GROUP BY h(x)", "f", "g", "h"),
                calls("SELECT DISTINCT ON (a) f(b) FROM t", "f"),
                calls("SELECT * FROM f() AS (a int), g() x(b), LATERAL h(1), ROWS FROM (k(), m())", "f", "g", "h",
                        "k", "m"),
                calls("SELECT a, f(b) AS x, g(c) y FROM t", "f", "g"),
                calls("SELECT 'a' LIKE f(b), a AT TIME ZONE g(), a ILIKE h()", "f", "g", "h"),
                calls("SELECT sum(a) OVER (PARTITION BY f(b)), count(*) FILTER (WHERE g(a)) FROM t", "sum", "f",
                        "count", "g"),
                calls("SELECT a, cube(b) FROM t GROUP BY a + rollup(b)", "cube", "rollup"),
                calls("SELECT join(1), \"join\"(2), set('t'), conflict(1), key(2), options(3)", "join", "set",
                        "conflict", "key", "options"),
                calls("INSERT INTO t (a) VALUES (f()) ON CONFLICT (a) DO UPDATE SET b = g() RETURNING h()", "f", "g",
                        "h"),
                calls("UPDATE t SET a = f() FROM g() x WHERE h(x.a)", "f", "g", "h"),
                calls("WITH x AS (SELECT f()) SELECT g() FROM x, h() AS (insert int)", "f", "g", "h"),
                calls("COPY t FROM STDIN WITH (FORMAT csv) WHERE f(a)", "f"),
                calls("EXPLAIN SELECT app.f()", "app.f"),
                calls("CALL app.p(f())", "app.p", "f"),
                // grammar, not calls
                calls("SELECT coalesce(a, 1), greatest(1, 2), nullif(a, b), exists (SELECT 1), a IN (1), ROW(1), "
                        + "cast(a AS numeric(10, 2)), extract(epoch FROM a), substring(a FROM 1), trim(BOTH FROM a), "
                        + "position('a' IN b), overlay(a PLACING b FROM 1), ARRAY(SELECT 1), x = ANY (y), "
                        + "x = ALL (y), VALUES (1)"),
                calls("SELECT a::varchar(10), a::app.t(3), CAST(a AS app.t(3)), 'a'::character varying(5), "
                        + "interval '1' day to second(3), timestamp(3) '2020-01-01', bit varying(3) '1'"),
                calls("SELECT * FROM t x(a, b) JOIN (SELECT 1) y(c) ON true, f() g(i), (VALUES (1)) v(d)", "f"),
                calls("SELECT * FROM a JOIN (b JOIN c ON true) ON true LEFT JOIN (d CROSS JOIN e) ON true"),
                calls("SELECT * FROM t WHERE (a, b) OVERLAPS (c, d) AND a LIKE (b) AND a ILIKE (c)"),
                calls("WITH x(a) AS (SELECT 1), y(b) AS MATERIALIZED (VALUES (1)), "
                        + "z(c) AS NOT MATERIALIZED ((TABLE t)) SELECT 1"),
                calls("WITH RECURSIVE n(i) AS (VALUES (1) UNION ALL SELECT i + 1 FROM n) SELECT 1"),
                calls("SELECT 1 FROM t GROUP BY ROLLUP (a), CUBE (b), GROUPING SETS ((a), ROLLUP (b)), (c)"),
                calls("SELECT 1 FROM t GROUP BY DISTINCT a, ROLLUP (b)"),
                calls("SELECT a FROM t ORDER BY (a) FETCH FIRST (1) ROWS ONLY"),
                calls("SELECT a FROM t TABLESAMPLE system (10) REPEATABLE (1) WINDOW w AS (PARTITION BY a)",
                        "system"),
                calls("SELECT a OPERATOR(pg_catalog.~) b, a OPERATOR(+) b"),
                calls("INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET (a, b) = (1, 2)"),
                calls("MERGE INTO t USING s ON true WHEN NOT MATCHED THEN INSERT (a) VALUES (1) "
                        + "WHEN MATCHED THEN UPDATE SET (a) = (2)"),
                calls("COPY t (a, b) FROM STDIN (FORMAT csv, FORCE_NULL (a), FORCE_NOT_NULL (b))"),
                calls("COPY (SELECT 1) TO STDOUT"),
                calls("EXPLAIN (ANALYZE, BUFFERS) SELECT 1"),
                calls("PREPARE q (int, text) AS SELECT $1"),
                calls("CREATE TABLE t (a int PRIMARY KEY, b app.t(3), c varchar(3) OPTIONS (x 'y'), "
                        + "EXCLUDE (a WITH =)) PARTITION BY RANGE (a)"),
                calls("CREATE TABLE IF NOT EXISTS t (a int)"),
                calls("CREATE VIEW v (a) AS SELECT 1"),
                calls("SELECT * FROM t WHERE a IS DISTINCT FROM (b)"));
    }

    private static Arguments calls(String sql, String... expected) {
        return Arguments.of(sql, Arrays.asList(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void findsExactlyTheCalls(String sql, List<String> expected) {
        List<String> actual = CLASSIFIER.classify(sql).statements().get(0).calls().stream()
                .map(FunctionRef::toString).toList();
        assertEquals(expected, actual, sql);
    }
}
