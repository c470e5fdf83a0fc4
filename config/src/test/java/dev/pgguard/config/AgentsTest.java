package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.PENCIL_VERIFIER;
import static dev.pgguard.config.TestYaml.parse;
import static dev.pgguard.config.TestYaml.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentsTest {

    private static final String NOT_A_VERIFIER = "must be a SCRAM-SHA-256 verifier"
            + " (SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, as PostgreSQL stores it):"
            + " a plain password is never stored; ";

    @Test
    void rfc7677KeysDecodeTo32Bytes() {
        assertEquals(32, Base64.getDecoder().decode("WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=").length);
        assertEquals(32, Base64.getDecoder().decode("wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=").length);
        assertEquals(PENCIL_VERIFIER, ScramVerifier.check(PENCIL_VERIFIER));
    }

    @Test
    void agentsAreRead() throws ConfigException {
        PgGuardConfig config = parse("agents:\n  - name: cursor-ci\n    password: '" + PENCIL_VERIFIER + "'\n");
        assertEquals(List.of(new AgentConfig("cursor-ci", PENCIL_VERIFIER)), config.agents());
    }

    @Test
    void agentsAreReadOnlyUnlessTheConfigSaysReadWrite() throws ConfigException {
        List<AgentConfig> agents = parse("""
                agents:
                  - { name: reader, password: "%s" }
                  - { name: writer, password: "%s", mode: read-write }
                """.formatted(PENCIL_VERIFIER, PENCIL_VERIFIER)).agents();
        assertEquals(AgentMode.READ_ONLY, agents.get(0).mode());
        assertEquals(AgentMode.READ_WRITE, agents.get(1).mode());
        assertEquals(List.of(new ConfigProblem("agents[0].mode", 1,
                        "must be one of read-only, read-write, got 'write'")),
                problems("agents: [{ name: a, password: \"%s\", mode: write }]".formatted(PENCIL_VERIFIER)));
    }

    @Test
    void plainPasswordIsRefusedWithoutEchoingIt() {
        List<ConfigProblem> problems = problems("agents:\n  - name: a\n    password: pencil\n");
        assertEquals(List.of(new ConfigProblem("agents[0].password", 3, NOT_A_VERIFIER + "it is not in that format")),
                problems);
        assertFalse(problems.get(0).message().contains("pencil"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SCRAM-SHA-256$0:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=|the iteration count must be a positive integer",
        "SCRAM-SHA-256$99999999999:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=|the iteration count must be a positive integer",
        "SCRAM-SHA-256$4096:W22Z*J0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=|the salt is not valid base64",
        "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4q==:wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=|the StoredKey must decode to 32 bytes",
        "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:c2hvcnQ=|the ServerKey must decode to 32 bytes",
        "SCRAM-SHA-1$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KtimH0rWJ2zvIeHJv4wQnew=|it is not in that format",
        "md5a3556571e93b0d20722ba62be61e8c2d|it is not in that format",
    })
    void malformedVerifiersSayWhy(String verifierAndReason) {
        String[] parts = verifierAndReason.split("\\|");
        assertEquals(NOT_A_VERIFIER + parts[1], assertThrows(IllegalArgumentException.class,
                () -> ScramVerifier.check(parts[0])).getMessage());
    }

    @Test
    void duplicateNamesAreProblems() {
        assertEquals(List.of(new ConfigProblem("agents[2].name", 6,
                "duplicate agent name 'ci' (first at agents[0].name)")),
                problems("""
                        agents:
                          - name: ci
                            password: ${V}
                          - { name: other, password: "${V}" }
                          - password: ${V}
                            name: ci
                        """, Map.of("V", PENCIL_VERIFIER)));
    }

    @Test
    void namesFollowTheRoleNameRule() throws ConfigException {
        String tooLong = "a".repeat(64);
        List<ConfigProblem> problems = problems("""
                agents:
                  - { name: CursorCI, password: "%1$s" }
                  - { name: -ci, password: "%1$s" }
                  - { name: %2$s, password: "%1$s" }
                  - { password: "%1$s" }
                """.formatted(PENCIL_VERIFIER, tooLong));
        assertEquals(List.of("agents[0].name", "agents[1].name", "agents[2].name", "agents[3].name"),
                problems.stream().map(ConfigProblem::path).toList());
        assertEquals("is required", problems.get(3).message());
        assertEquals(63, parse("agents: [{ name: %s, password: '%s' }]".formatted("a".repeat(63), PENCIL_VERIFIER))
                .agents().get(0).name().length());
    }
}
