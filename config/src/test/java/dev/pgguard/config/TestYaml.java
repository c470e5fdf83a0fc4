package dev.pgguard.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

/** Shared helpers: parse a YAML string, or parse it expecting problems. */
final class TestYaml {

    /** RFC 7677's example verifier (password "pencil"), in pg_authid format. */
    static final String PENCIL_VERIFIER = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ=="
            + "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=";

    private TestYaml() {
    }

    static PgGuardConfig parse(String yaml) throws ConfigException {
        return parse(yaml, Map.of());
    }

    static PgGuardConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", env);
    }

    static List<ConfigProblem> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    static List<ConfigProblem> problems(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> parse(yaml, env)).problems();
    }
}
