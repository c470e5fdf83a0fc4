package dev.pgguard.cli;

import static dev.pgguard.cli.AgentsFileTest.VERIFIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DATABASE_URL pgguard agent add prints: host, port and database from the config, credentials encoded. */
class DatabaseUrlTest {

    private static final AgentConfig CI = new AgentConfig("ci", VERIFIER, AgentMode.READ_ONLY);

    @Test
    void credentialsArePercentEncodedAndTheDatabaseIsTheUpstreamsOrPostgres() throws Exception {
        DatabaseUrl url = DatabaseUrl.of(config("upstream: { host: db, user: guard, database: app }"), CI,
                "p@ss:w/rd %é");
        assertEquals("postgresql://ci:p%40ss%3Aw%2Frd%20%25%C3%A9@127.0.0.1:6432/app", url.url());
        assertEquals(List.of(), url.notes());

        assertEquals("postgresql://ci:pw@127.0.0.1:6432/postgres", DatabaseUrl.of(config(""), CI, "pw").url());
    }

    @Test
    void anEnvironmentIsChosenByItsDatabaseName() throws Exception {
        PgGuardConfig config = config("""
                environments:
                  prod: { upstream: { host: prod-db, user: guard, database: app } }
                  staging: { upstream: { host: staging-db, user: guard, database: app } }
                """);
        assertEquals("postgresql://ci:pw@127.0.0.1:6432/staging",
                DatabaseUrl.of(config, CI.withEnvironments(List.of("staging", "prod")), "pw").url());

        PgGuardConfig single = config("environments: { dev: { upstream: { host: h, user: u, database: d } } }");
        assertEquals("postgresql://ci:pw@127.0.0.1:6432/dev", DatabaseUrl.of(single, CI, "pw").url(),
                "the only environment, which an agent need not name");
    }

    @Test
    void wildcardAndUnknownAddressesComeWithANote() throws Exception {
        DatabaseUrl all = DatabaseUrl.of(config("listen: { host: '::', port: 0 }"), CI, "pw");
        assertEquals("postgresql://ci:pw@127.0.0.1:0/postgres", all.url());
        assertEquals(2, all.notes().size(), all.notes()::toString);
        assertTrue(all.notes().get(0).contains("in place of 127.0.0.1") && all.notes().get(1).contains("in place of 0"),
                all.notes()::toString);

        assertEquals("postgresql://ci:pw@[::1]:5000/postgres",
                DatabaseUrl.of(config("listen: { host: '::1', port: 5000 }"), CI, "pw").url());
    }

    private static PgGuardConfig config(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, "test", Map.of());
    }
}
