package dev.pgguard.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.TableScopeConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a table scope lets through and what it refuses, with the sentence it refuses with. */
class TableScopeTest {

    private static final String IDENTITY = " changes search_path, the role or the session authorization, which an "
            + "agent with a table scope may not do (its scope holds for pgguard's pinned search_path and its login "
            + "role)";

    private final Classifier classifier = new Classifier(ClassifierLimits.DEFAULT.withoutCache());

    private String answer(TableScope scope, String sql) {
        return scope.violation(classifier.classify(sql)).orElse("ok");
    }

    private static TableScope readOnly(List<String> allow, List<String> deny) {
        return TableScope.of(allow, deny, List.of(), List.of());
    }

    @Test
    void unscopedNeverRefusesAnything() throws IOException {
        TableScope empty = TableScope.of(List.of(), List.of(), List.of(), List.of());
        assertFalse(TableScope.UNSCOPED.scoped());
        assertFalse(empty.scoped());
        List<String> sqls = new ArrayList<>();
        ClassifierCorpusTest.load().forEach(c -> sqls.add(c.sql()));
        TableScopeCorpusTest.load().cases().forEach(c -> sqls.add(c.sql()));
        for (String sql : sqls) {
            Classification c = classifier.classify(sql);
            assertEquals(Optional.empty(), TableScope.UNSCOPED.violation(c), sql);
            assertEquals(Optional.empty(), empty.violation(c), sql);
        }
    }

    @Test
    void anyOneListMakesAScope() {
        List<String> one = List.of("app.*");
        assertTrue(TableScope.of(one, List.of(), List.of(), List.of()).scoped());
        assertTrue(TableScope.of(List.of(), one, List.of(), List.of()).scoped());
        assertTrue(TableScope.of(List.of(), List.of(), one, List.of()).scoped());
        assertTrue(TableScope.of(List.of(), List.of(), List.of(), one).scoped());
        // a scope with only a deny list still pins search_path and the role
        assertEquals("table scope: this SET statement" + IDENTITY,
                answer(TableScope.of(List.of(), List.of(), List.of(), one), "SET ROLE admin"));
    }

    @Test
    void theConfigSectionMakesTheSameScope() {
        TableScope scope = TableScope.of(new TableScopeConfig(List.of("app.*"), List.of("app.secret_*"),
                List.of("app.scratch"), List.of()));
        assertEquals("ok", answer(scope, "INSERT INTO app.scratch SELECT * FROM app.orders"));
        assertEquals("table scope: agent may not read app.secret_x (matches tables.read.deny pattern "
                + "\"app.secret_*\")", answer(scope, "SELECT * FROM app.secret_x"));
        assertFalse(TableScope.of(TableScopeConfig.UNSCOPED).scoped());
    }

    @Test
    void anEmptyAllowListAllowsEveryTableAndOnlyDenyApplies() {
        TableScope scope = TableScope.of(List.of(), List.of("app.secret_*"), List.of(), List.of("app.audit_log"));
        assertEquals("ok", answer(scope, "SELECT * FROM billing.invoices, app.orders, users"));
        assertEquals("ok", answer(scope, "INSERT INTO billing.invoices SELECT * FROM app.orders"));
        assertEquals("table scope: agent may not read app.secret_keys (matches tables.read.deny pattern "
                + "\"app.secret_*\")", answer(scope, "SELECT * FROM app.orders JOIN app.secret_keys ON true"));
        assertEquals("table scope: agent may not write app.audit_log (matches tables.write.deny pattern "
                + "\"app.audit_log\")", answer(scope, "TRUNCATE app.audit_log"));
    }

    @Test
    void readAndWriteAreCheckedSeparately() {
        TableScope scope = TableScope.of(List.of("app.*"), List.of(), List.of("app.scratch"), List.of());
        assertEquals("ok", answer(scope, "SELECT * FROM app.orders"));
        assertEquals("ok", answer(scope, "INSERT INTO app.scratch SELECT * FROM app.orders"));
        assertEquals("table scope: agent may not write app.orders (not in tables.write.allow)",
                answer(scope, "UPDATE app.orders SET total = 0 WHERE id = 1"));
        assertEquals("table scope: agent may not read billing.invoices (not in tables.read.allow)",
                answer(scope, "INSERT INTO app.scratch SELECT * FROM billing.invoices"));
    }

    /** A table the agent may write but not read: what an UPDATE, DELETE, MERGE or upsert changes it reads first. */
    @Test
    void whatAStatementChangesItAlsoReadsExceptAPlainInsert() {
        TableScope writeOnly = TableScope.of(List.of("app.*"), List.of("app.inbox"), List.of("app.inbox"), List.of());
        String refused = "table scope: agent may not read app.inbox (matches tables.read.deny pattern \"app.inbox\")";
        assertEquals("ok", answer(writeOnly, "INSERT INTO app.inbox (msg) VALUES ('hi') RETURNING id"));
        assertEquals(refused, answer(writeOnly, "SELECT * FROM app.inbox"));
        assertEquals(refused, answer(writeOnly, "UPDATE app.inbox SET msg = msg WHERE id = 1 RETURNING msg"));
        assertEquals(refused, answer(writeOnly, "DELETE FROM app.inbox WHERE msg LIKE 'a%' RETURNING *"));
        assertEquals(refused, answer(writeOnly, "INSERT INTO app.inbox VALUES (1) ON CONFLICT (id) DO UPDATE "
                + "SET msg = app.inbox.msg || excluded.msg RETURNING msg"));
        assertEquals(refused, answer(writeOnly, "MERGE INTO app.inbox i USING app.drafts d ON d.id = i.id "
                + "WHEN MATCHED THEN UPDATE SET msg = d.msg"));
    }

    /** A row lock asks PostgreSQL for the UPDATE privilege: what it locks must be writable. */
    @Test
    void aRowLockCountsAsAWrite() {
        TableScope scope = TableScope.of(List.of("app.*"), List.of(), List.of("app.scratch"), List.of());
        assertEquals("table scope: agent may not write app.orders (not in tables.write.allow)",
                answer(scope, "SELECT * FROM app.orders WHERE id = 1 FOR UPDATE"));
        assertEquals("table scope: agent may not write app.orders (not in tables.write.allow)",
                answer(scope, "SELECT * FROM app.orders FOR KEY SHARE SKIP LOCKED"));
        assertEquals("table scope: agent may not write app.orders (not in tables.write.allow)",
                answer(scope, "LOCK TABLE app.orders IN ACCESS SHARE MODE"));
    }

    @Test
    void denyWinsOverAllow() {
        TableScope scope = TableScope.of(List.of("app.*", "app.secret"), List.of("app.secret"),
                List.of("*.*"), List.of("app.secret"));
        assertEquals("table scope: agent may not read app.secret (matches tables.read.deny pattern \"app.secret\")",
                answer(scope, "SELECT * FROM app.secret"));
        assertEquals("table scope: agent may not write app.secret (matches tables.write.deny pattern "
                + "\"app.secret\")", answer(scope, "INSERT INTO app.secret VALUES (1)"));
        assertEquals("ok", answer(scope, "INSERT INTO billing.x SELECT * FROM app.open"));
    }

    @Test
    void anUnqualifiedNameIsPgCatalogsWhenPostgresqlHasSuchARelationElsePublics() {
        TableScope scope = TableScope.of(List.of("public.*"), List.of("pg_catalog.pg_class"), List.of("public.*"),
                List.of());
        assertEquals("table scope: agent may not read pg_catalog.pg_class (matches tables.read.deny pattern "
                + "\"pg_catalog.pg_class\")", answer(scope, "SELECT * FROM pg_class"));
        assertEquals("ok", answer(scope, "SELECT * FROM pg_classes, orders, \"PG_CLASS\""));
        assertEquals("table scope: agent may not write pg_catalog.pg_database (not in tables.write.allow)",
                answer(scope, "UPDATE pg_database SET datallowconn = false WHERE datname = 'x'"));
        assertEquals("ok", answer(scope, "UPDATE orders SET total = 0 WHERE id = 1"));
        // information_schema is not on the pinned search_path: unqualified, its names are public's
        assertEquals("table scope: agent may not read public.tables (not in tables.read.allow)",
                answer(readOnly(List.of("app.*"), List.of()), "SELECT * FROM tables"));
    }

    @Test
    void theCatalogListsAreThoseOfPostgresql15() {
        for (String relation : List.of("pg_class", "pg_namespace", "pg_stat_activity", "pg_tables", "pg_views",
                "pg_settings", "pg_stats", "pg_roles", "pg_largeobject")) {
            assertTrue(PgCatalog.isRelation(relation), relation);
        }
        for (String notOne : List.of("tables", "columns", "orders", "pg_classes", "PG_CLASS")) {
            assertFalse(PgCatalog.isRelation(notOne), notOne);
        }
        for (String function : List.of("now", "count", "set_config", "lower", "left", "generate_series",
                "query_to_xml", "pg_table_is_visible", "RI_FKey_check_ins")) {
            assertTrue(PgCatalog.isFunction(function), function);
        }
        for (String notOne : List.of("coalesce", "greatest", "nullif", "LOWER", "ri_fkey_check_ins", "dblink",
                "refresh_totals")) {
            assertFalse(PgCatalog.isFunction(notOne), notOne);
        }
        assertTrue(PgCatalog.isType("jsonb") && PgCatalog.isType("regrole") && !PgCatalog.isType("orders"));
        assertTrue(PgCatalog.isGrammarOnly("coalesce") && PgCatalog.isGrammarOnly("in"));
        assertFalse(PgCatalog.isGrammarOnly("left") || PgCatalog.isGrammarOnly("by")
                || PgCatalog.isGrammarOnly("orders"));
        assertTrue(PgCatalog.isReserved("select") && !PgCatalog.isReserved("join") && PgCatalog.isKeyword("join"));
    }

    @Test
    void theSystemSchemasAreReadableWhateverTheAllowListSaysUnlessADenyNamesThem() {
        TableScope scope = TableScope.of(List.of("app.*"), List.of("pg_catalog.pg_authid", "information_schema.role*"),
                List.of("app.*"), List.of());
        assertEquals("ok", answer(scope, "SELECT * FROM pg_catalog.pg_namespace n JOIN pg_class c "
                + "ON c.relnamespace = n.oid, information_schema.columns, pg_stat_activity"));
        assertEquals("table scope: agent may not read pg_catalog.pg_authid (matches tables.read.deny pattern "
                + "\"pg_catalog.pg_authid\")", answer(scope, "SELECT rolpassword FROM pg_authid"));
        assertEquals("table scope: agent may not read information_schema.role_table_grants (matches "
                + "tables.read.deny pattern \"information_schema.role*\")",
                answer(scope, "SELECT * FROM information_schema.role_table_grants"));
        assertEquals("table scope: agent may not write pg_catalog.pg_class (not in tables.write.allow)",
                answer(scope, "DELETE FROM pg_catalog.pg_class WHERE oid = 1"));
        assertEquals("table scope: agent may not read \"PG_CATALOG\".pg_class (not in tables.read.allow)",
                answer(scope, "SELECT * FROM \"PG_CATALOG\".pg_class"));
    }

    @Test
    void quotedNamesAreExactInPatternsAndInStatements() {
        TableScope scope = readOnly(List.of("\"Sales\".\"Q1 Report\"", "app.orders"), List.of());
        assertEquals("ok", answer(scope, "SELECT * FROM \"Sales\".\"Q1 Report\", \"app\".\"orders\", APP.ORDERS"));
        assertEquals("table scope: agent may not read sales.\"q1 report\" (not in tables.read.allow)",
                answer(scope, "SELECT * FROM Sales.\"q1 report\""));
        assertEquals("table scope: agent may not read app.\"Orders\" (not in tables.read.allow)",
                answer(scope, "SELECT * FROM app.\"Orders\""));
        assertEquals("table scope: agent may not read public.\"user\" (not in tables.read.allow)",
                answer(scope, "SELECT * FROM \"user\""));
    }

    @Test
    void statementsThatRepointNamesOrTheRoleAreOutsideEveryScope() {
        TableScope scope = readOnly(List.of("app.*"), List.of());
        for (String sql : List.of("SET search_path TO app", "SET SESSION search_path = app, public",
                "SET LOCAL search_path TO app", "set \"SEARCH_PATH\" to app", "SET U&\"search\\005fpath\" TO app",
                "SET /* x */ search_path -- y\n TO app", "SET SCHEMA 'app'", "SET search_path FROM CURRENT",
                "SET search_path TO DEFAULT, app", "SET search_path TO \"default\"", "SET ROLE admin",
                "SET SESSION ROLE admin", "SET LOCAL ROLE 'admin'", "SET role = admin", "SET ROLE 'NONE'",
                "SET SESSION AUTHORIZATION admin", "SET SESSION SESSION AUTHORIZATION 'admin'",
                "SET LOCAL SESSION AUTHORIZATION admin", "SET session_authorization TO admin")) {
            assertEquals("table scope: this SET statement" + IDENTITY, answer(scope, sql), sql);
        }
        for (String sql : List.of("SELECT set_config('search_path', 'app', false)",
                "SELECT pg_catalog.set_config('role', 'admin', true)", "select SET_CONFIG('Session_Authorization', "
                        + "'admin', false)", "SELECT \"set_config\"(E'search\\137path', 'app', false)",
                "SELECT set_config(U&'ro\\006ce', 'admin', false)", "SELECT set_config($1, $2, false)",
                "SELECT set_config(lower('ROLE'), 'admin', false)", "SELECT set_config('role'::text, 'admin', false)",
                "SELECT 1 FROM app.orders WHERE set_config('search_path', 'app', true) <> ''")) {
            assertEquals("table scope: this SELECT statement" + IDENTITY, answer(scope, sql), sql);
        }
        assertEquals("table scope: this WITH statement" + IDENTITY, answer(scope,
                "WITH s AS (SELECT set_config('search_path', 'app', false)) SELECT * FROM app.orders, s"));
        assertEquals("table scope: this SET statement" + IDENTITY,
                answer(scope, "SELECT 1; SET ROLE admin; SELECT * FROM app.orders"));
    }

    @Test
    void goingBackToThePinnedValuesAndOtherSettingsAreFine() {
        TableScope scope = readOnly(List.of("app.*"), List.of());
        for (String sql : List.of("SET search_path TO DEFAULT", "SET search_path = DEFAULT", "RESET search_path",
                "RESET ALL", "DISCARD ALL", "SET ROLE NONE", "SET ROLE none", "SET ROLE 'none'", "SET ROLE \"none\"",
                "SET role TO DEFAULT", "RESET ROLE", "SET SESSION AUTHORIZATION DEFAULT",
                "RESET SESSION AUTHORIZATION", "SET work_mem = '64MB'", "SET myapp.role = 'admin'",
                "SET myapp.search_path TO x", "SET TIME ZONE 'UTC'", "SET SESSION CHARACTERISTICS AS TRANSACTION "
                        + "READ ONLY", "SELECT set_config('work_mem', '64MB', false)",
                "SELECT current_setting('search_path'), current_user",
                "SELECT 'SET ROLE admin' AS text -- SET search_path TO app")) {
            assertEquals("ok", answer(scope, sql), sql);
        }
    }

    @Test
    void theAnalysisCarriesTheFlagPerStatement() {
        Classification c = classifier.classify("SET ROLE admin; SET ROLE NONE; SELECT set_config('role', 'x', "
                + "false); SELECT set_config('work_mem', 'x', false)");
        assertEquals(List.of(true, false, true, false),
                c.statements().stream().map(ClassifiedStatement::changesIdentity).toList());
    }

    /** The fingerprint cache keys on the statement's shape without its literals; the setting set is a literal. */
    @Test
    void aCachedAnalysisNeverAnswersForAnotherSetting() {
        TableScope scope = readOnly(List.of("app.*"), List.of());
        String path = "SELECT set_config('search_path', 'app', false)";
        String memory = "SELECT set_config('work_mem', '64MB', false)";
        for (Classifier c : List.of(new Classifier(ClassifierLimits.DEFAULT),
                new Classifier(ClassifierLimits.DEFAULT.withoutCache()))) {
            for (int round = 0; round < 3; round++) { // the second and third sightings may come from a cache
                assertEquals("table scope: this SELECT statement" + IDENTITY, scope.violation(c.classify(path))
                        .orElse("ok"));
                assertEquals("ok", scope.violation(c.classify(memory)).orElse("ok"));
                assertEquals("ok", scope.violation(c.classify("SET ROLE 'none'")).orElse("ok"));
                assertEquals("table scope: this SET statement" + IDENTITY,
                        scope.violation(c.classify("SET ROLE 'admin'")).orElse("ok"));
            }
        }
        Classifier other = new Classifier(ClassifierLimits.DEFAULT);
        other.classify(memory); // the other order: work_mem's shape first
        assertTrue(other.classify(path).statements().get(0).changesIdentity());
    }

    @Test
    void aFunctionThatIsNotBuiltInIsOutside() {
        TableScope scope = readOnly(List.of("app.*"), List.of());
        assertEquals("ok", answer(scope, "SELECT count(*), max(total), now(), coalesce(note, ''), lower(note), "
                + "pg_catalog.upper(note), \"left\"(note, 1), jsonb('{}'), extract(epoch FROM now()), "
                + "information_schema._pg_expandarray(ARRAY[1]) FROM app.orders"));
        assertEquals("table scope: function app.refresh_totals is not built in; pgguard cannot see which tables it "
                + "touches", answer(scope, "SELECT app.refresh_totals()"));
        assertEquals("table scope: function refresh_totals is not built in; pgguard cannot see which tables it "
                + "touches", answer(scope, "SELECT * FROM app.orders WHERE refresh_totals() > 0"));
        assertEquals("table scope: function public.lower is not built in; pgguard cannot see which tables it "
                + "touches", answer(scope, "SELECT public.lower(note) FROM app.orders"));
        assertEquals("table scope: function \"LOWER\" is not built in; pgguard cannot see which tables it touches",
                answer(scope, "SELECT \"LOWER\"(note) FROM app.orders"));
        assertEquals("table scope: function dblink is not built in; pgguard cannot see which tables it touches",
                answer(scope, "SELECT * FROM dblink('host=x', 'SELECT 1') AS t(a int)"));
        assertEquals("table scope: function app.f is not built in; pgguard cannot see which tables it touches",
                answer(scope, "EXPLAIN SELECT app.f()"));
    }

    @Test
    void whatPgguardCannotReadTableByTableIsOutside() {
        TableScope scope = readOnly(List.of("app.*"), List.of());
        for (String[] c : new String[][] {
            {"DO $$ BEGIN DELETE FROM app.orders; END $$", "DO"}, {"CALL app.nightly()", "CALL"},
            {"EXECUTE q (1)", "EXECUTE"}, {"ALTER TABLE app.orders ADD COLUMN note text", "ALTER"},
            {"CREATE INDEX ON app.orders (total)", "CREATE"}, {"GRANT SELECT ON app.orders TO public", "GRANT"},
            {"DROP TABLE app.orders CASCADE", "DROP"}, {"TRUNCATE app.orders CASCADE", "TRUNCATE"},
            {"VACUUM app.orders", "VACUUM"}, {"COMMIT PREPARED 'x'", "COMMIT"},
            {"SELECT query_to_xml('SELECT * FROM app.secret', true, false, '')", "SELECT"},
            {"CREATE TABLE app.t (id int REFERENCES billing.x)", "CREATE"}}) {
            assertEquals("table scope: pgguard cannot tell which tables this " + c[1] + " statement touches, so an "
                    + "agent with a table scope may not run it", answer(scope, c[0]), c[0]);
        }
        for (String sql : List.of("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT a", "SHOW work_mem", "LISTEN jobs",
                "NOTIFY jobs", "UNLISTEN *", "DEALLOCATE ALL", "FETCH 10 FROM c", "CLOSE c", "SELECT 1",
                "VALUES (1)", "PREPARE TRANSACTION 'x'")) {
            assertEquals("ok", answer(scope, sql), sql);
        }
    }

    @Test
    void whatPgguardCannotAnalyseIsOutside() {
        TableScope scope = readOnly(List.of("app.*"), List.of());
        assertEquals("table scope: pgguard cannot fully analyse this SELECT statement (rule unanalysable), so an "
                + "agent with a table scope may not run it", answer(scope, "SELECT * FROM app.orders WHERE 'x"));
        Classifier tight = new Classifier(new ClassifierLimits(50, 100, 0, 0));
        Classification tooLong = tight.classify("SELECT * FROM app.orders WHERE id = 1 AND note <> 'abcdefgh'");
        assertEquals(Optional.of("table scope: pgguard cannot fully analyse this SELECT statement (rule "
                + "unanalysable), so an agent with a table scope may not run it"), scope.violation(tooLong));
    }

    @Test
    void theFirstStatementOutsideTheScopeNamesTheReason() {
        TableScope scope = TableScope.of(List.of("app.*"), List.of(), List.of("app.scratch"), List.of());
        assertEquals("table scope: agent may not write app.orders (not in tables.write.allow)",
                answer(scope, "BEGIN; SELECT * FROM app.orders; DELETE FROM app.orders WHERE id = 1; "
                        + "SELECT * FROM billing.x; COMMIT"));
    }

    @Test
    void ofNamesTheBadPatternWhicheverListItIsIn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableScope.of(List.of("app.*"), List.of(), List.of(), List.of("audit_log")));
        assertEquals("table pattern \"audit_log\" must be schema-qualified, e.g. public.orders or public.*",
                e.getMessage());
    }

    /** A catalog as a test writes it: what lies behind each relation, and the function names public has. */
    private record FakeCatalog(Map<TableRef, CatalogFacts.Reach> read,
                               Map<TableRef, CatalogFacts.Reach> write, Set<String> inPublic)
            implements CatalogFacts {
        @Override
        public Reach reach(TableRef table, boolean writing) {
            return (writing ? write : read).getOrDefault(table, Reach.NOTHING);
        }

        @Override
        public boolean publicHasFunction(String name) {
            return inPublic.contains(name);
        }
    }

    private static CatalogFacts.Reach relations(TableRef... tables) {
        return new CatalogFacts.Reach(List.of(tables), List.of());
    }

    @Test
    void theCatalogIsAskedAboutEveryNamedRelationOutsideTheSystemSchemasAndEveryBuiltInCalledUnqualified() {
        TableScope scope = TableScope.of(List.of("public.*"), List.of(), List.of("public.orders"), List.of());
        Classification c = classifier.classify("INSERT INTO orders SELECT lower(x), pg_catalog.upper(x) FROM v "
                + "JOIN pg_class ON true JOIN app.t ON true; SELECT count(*) FROM information_schema.tables");

        CatalogFacts.Questions q = scope.questions(c);

        assertEquals(Set.of(new TableRef("public", "orders"), new TableRef("public", "v"),
                new TableRef("app", "t")), q.relations());
        assertEquals(Set.of("lower", "count"), q.functions());
        assertEquals(CatalogFacts.Questions.NONE, TableScope.UNSCOPED.questions(c));
    }

    @Test
    void whatLiesBehindARelationIsCheckedLikeTheRelation() {
        TableScope scope = TableScope.of(List.of("public.*"), List.of("public.secret"), List.of("public.orders*"),
                List.of());
        TableRef view = new TableRef("public", "v");
        TableRef orders = new TableRef("public", "orders");
        CatalogFacts catalog = new FakeCatalog(
                Map.of(view, relations(new TableRef("public", "secret")),
                        new TableRef("public", "fine"), relations(new TableRef("pg_catalog", "pg_class"))),
                Map.of(orders, relations(new TableRef("public", "orders_log"), new TableRef("public", "log"))),
                Set.of("lower"));

        assertEquals(Optional.of("table scope: agent may not read public.secret (behind public.v; matches "
                + "tables.read.deny pattern \"public.secret\")"), scope.violation(classifier.classify("SELECT * FROM v"),
                catalog));
        assertEquals(Optional.empty(), scope.violation(classifier.classify("SELECT * FROM v"), CatalogFacts.NAMES_ONLY));
        assertEquals(Optional.empty(), scope.violation(classifier.classify("SELECT * FROM fine"), catalog),
                "the system schemas are readable behind a view too");
        assertEquals(Optional.of("table scope: agent may not write public.log (behind public.orders; not in "
                + "tables.write.allow)"), scope.violation(classifier.classify("INSERT INTO orders VALUES (1)"), catalog));
        assertEquals(Optional.empty(), scope.violation(classifier.classify("SELECT * FROM orders"), catalog),
                "a read does not run the table's rules");
    }

    @Test
    void aViewCallingAFunctionThatIsNotBuiltInAndABuiltInNameDefinedInPublicAreRefused() {
        TableScope scope = readOnly(List.of("public.*"), List.of());
        TableRef view = new TableRef("public", "v");
        CatalogFacts catalog = new FakeCatalog(Map.of(view, new CatalogFacts.Reach(List.of(),
                List.of(new FunctionRef("public", "peek")))), Map.of(), Set.of("lower"));

        assertEquals(Optional.of("table scope: public.v calls function public.peek, which is not built in; pgguard "
                + "cannot see which tables it touches"), scope.violation(classifier.classify("SELECT * FROM v"), catalog));
        assertEquals(Optional.of("table scope: schema public has a function named lower beside the built-in one, and "
                + "pgguard cannot tell which of them this call runs (write pg_catalog.lower to call the built-in)"),
                scope.violation(classifier.classify("SELECT lower('A')"), catalog));
        assertEquals(Optional.empty(), scope.violation(classifier.classify("SELECT pg_catalog.lower('A'), upper('a')"),
                catalog));
    }
}
