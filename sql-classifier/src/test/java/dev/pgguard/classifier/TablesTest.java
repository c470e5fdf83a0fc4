package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tables a statement reads and writes, and whether that is all of them: what a table scope is checked on.
 * A table missed here is a table a scope would not see.
 */
class TablesTest {

    private static final Classifier CLASSIFIER = new Classifier(ClassifierLimits.DEFAULT.withoutCache());
    private static final String UNKNOWN = "unknown";

    /** SQL, the tables read and written ("a, s.b"), or {@code UNKNOWN} where pgguard cannot tell all of them. */
    static Stream<Arguments> statements() {
        return Stream.of(
                known("SELECT * FROM a, s.b x, ONLY c *, d AS y (i, j)", "a, s.b, c, d", ""),
                known("SELECT * FROM a JOIN b ON true LEFT JOIN LATERAL (SELECT * FROM c) x ON true NATURAL JOIN d",
                        "a, b, c, d", ""),
                known("SELECT * FROM (a JOIN b ON true) JOIN ((c CROSS JOIN d)) ON true, e", "a, e, b, c, d", ""),
                known("SELECT * FROM a WHERE x IN (SELECT y FROM b) AND EXISTS (SELECT 1 FROM c) "
                        + "AND z IS DISTINCT FROM (SELECT 1 FROM d)", "a, b, c, d", ""),
                known("SELECT extract(year FROM x), substring(y FROM 1) FROM a", "a", ""),
                known("TABLE a", "a", ""),
                known("SELECT 1 UNION TABLE a EXCEPT (TABLE b)", "a, b", ""),
                known("WITH x AS (TABLE a) SELECT * FROM x", "a", ""),
                known("WITH x AS (SELECT * FROM a) SELECT * FROM x JOIN b ON true", "a, b", ""),
                known("WITH a AS (SELECT * FROM a) SELECT * FROM a", "a", ""),
                known("WITH x AS (SELECT * FROM y), y AS (SELECT * FROM b) SELECT * FROM x, y", "y, b", ""),
                known("WITH RECURSIVE x AS (SELECT * FROM y), y AS (SELECT 1) SELECT * FROM x", "", ""),
                known("SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) s, x", "x", ""),
                known("SELECT * FROM f() AS x WITH ORDINALITY, generate_series(1, 2)", "", ""),
                known("DELETE FROM a USING b, c WHERE a.i = b.i", "a, b, c", "a"),
                known("UPDATE ONLY a SET x = 1 FROM b WHERE a.i = b.i RETURNING *", "a, b", "a"),
                known("INSERT INTO a (x) SELECT x FROM b", "b", "a"),
                known("INSERT INTO a TABLE b", "b", "a"),
                known("INSERT INTO a VALUES (1) RETURNING *", "", "a"),
                known("INSERT INTO a VALUES (1) ON CONFLICT DO NOTHING", "a", "a"),
                known("MERGE INTO a USING b ON true WHEN MATCHED THEN DELETE", "a, b", "a"),
                known("WITH d AS (DELETE FROM a WHERE x RETURNING *) INSERT INTO b SELECT * FROM d", "a", "a, b"),
                known("SELECT * INTO TEMP TABLE a FROM b", "b", "a"),
                known("SELECT * FROM a FOR UPDATE", "a", "a"),
                known("SELECT * FROM a JOIN b ON true FOR SHARE OF a", "a, b", "a, b"),
                known("COPY a (x) FROM STDIN", "", "a"),
                known("COPY a TO STDOUT", "a", ""),
                known("COPY (SELECT * FROM a) TO STDOUT", "a", ""),
                known("EXPLAIN SELECT * FROM a", "a", ""),
                known("EXPLAIN ANALYZE DELETE FROM a WHERE x", "a", "a"),
                known("PREPARE q AS SELECT * FROM a", "a", ""),
                known("DECLARE c CURSOR FOR SELECT * FROM a", "a", ""),
                known("TRUNCATE a, ONLY s.b", "", "a, s.b"),
                known("DROP TABLE IF EXISTS a, b", "", "a, b"),
                known("LOCK TABLE ONLY a, b IN EXCLUSIVE MODE", "", "a, b"),
                known("REFRESH MATERIALIZED VIEW CONCURRENTLY a WITH DATA", "", "a"),
                known("CREATE TABLE a (x int PRIMARY KEY, y text CHECK (y LIKE 'z%'))", "", "a"),
                known("CREATE TABLE a AS TABLE b", "b", "a"),
                known("CREATE OR REPLACE VIEW a AS SELECT * FROM b", "b", "a"),
                known("CREATE MATERIALIZED VIEW a AS SELECT * FROM b WITH NO DATA", "b", "a"),
                known("SET work_mem = '1MB'", "", ""),
                known("BEGIN", "", ""),
                known("PREPARE TRANSACTION 'x'", "", ""),
                unknown("DO $$ BEGIN NULL; END $$"),
                unknown("CALL p()"),
                unknown("EXECUTE q"),
                unknown("ALTER TABLE a ADD COLUMN x int"),
                unknown("CREATE INDEX ON a (x)"),
                unknown("CREATE TABLE a (x int REFERENCES b)"),
                unknown("CREATE TABLE a (LIKE b)"),
                unknown("CREATE TABLE a PARTITION OF b DEFAULT"),
                unknown("CREATE TABLE a () INHERITS (b)"),
                unknown("CREATE TABLE a AS EXECUTE q"),
                unknown("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'"),
                unknown("CREATE RULE r AS ON INSERT TO a DO INSTEAD NOTHING"),
                unknown("DROP TABLE a CASCADE"),
                unknown("DROP SCHEMA s"),
                unknown("TRUNCATE a CASCADE"),
                unknown("VACUUM a"),
                unknown("ANALYZE a"),
                unknown("CLUSTER a"),
                unknown("GRANT SELECT ON a TO b"),
                unknown("COMMENT ON TABLE a IS 'x'"),
                unknown("COMMIT PREPARED 'x'"),
                unknown("EXPLAIN EXECUTE q"),
                unknown("SELECT query_to_xml('SELECT * FROM a', true, false, '')"),
                unknown("SELECT * FROM ts_stat('SELECT v FROM a')"),
                unknown("IMPORT FOREIGN SCHEMA s FROM SERVER x INTO y"),
                unknown("FROBNICATE a"));
    }

    private static Arguments known(String sql, String reads, String writes) {
        return Arguments.of(sql, reads, writes, true);
    }

    private static Arguments unknown(String sql) {
        return Arguments.of(sql, UNKNOWN, UNKNOWN, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void tablesAsTheStatementNamesThem(String sql, String reads, String writes, boolean known) {
        ClassifiedStatement s = CLASSIFIER.classify(sql).statements().get(0);
        assertEquals(known, s.tablesKnown(), sql);
        if (known) {
            assertEquals(reads, names(s.reads()), sql + ": reads");
            assertEquals(writes, names(s.writes()), sql + ": writes");
        }
    }

    private static String names(List<TableRef> tables) {
        return String.join(", ", tables.stream().map(TableRef::toString).toList());
    }
}
