package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.parse;
import static dev.pgguard.config.TestYaml.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    @Test
    void replacesEveryReferenceAndLeavesTheRest() {
        assertEquals("db-eu.internal:5432", Interpolation.apply("db-${REGION}.${ZONE}:5432",
                Map.of("REGION", "eu", "ZONE", "internal")));
        assertEquals("no references $HOME {x}", Interpolation.apply("no references $HOME {x}", Map.of()));
        assertEquals("${B}", Interpolation.apply("${A}", Map.of("A", "${B}")), "values are not scanned again");
    }

    @Test
    void unsetVariableIsNamed() {
        assertEquals("environment variable DB_HOST is not set", assertThrows(IllegalArgumentException.class,
                () -> Interpolation.apply("${DB_HOST}", Map.of())).getMessage());
    }

    @Test
    void malformedReferenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Interpolation.apply("${1X}", Map.of("1X", "v")));
        assertThrows(IllegalArgumentException.class, () -> Interpolation.apply("a${X", Map.of("X", "v")));
    }

    @Test
    void referenceNameOnlyForAWholeReference() {
        assertEquals(Optional.of("PW"), Interpolation.referenceName("${PW}"));
        assertEquals(Optional.empty(), Interpolation.referenceName("x${PW}"));
        assertEquals(Optional.empty(), Interpolation.referenceName("hunter2"));
    }

    @Test
    void appliesToAnyScalarInTheFile() throws ConfigException {
        PgGuardConfig config = parse("""
                listen: { host: "${LISTEN_HOST}", port: "${LISTEN_PORT}" }
                limits: { max_statement_size: "${STMT}" }
                """, Map.of("LISTEN_HOST", "0.0.0.0", "LISTEN_PORT", "7000", "STMT", "2MB"));
        assertEquals(new ListenConfig("0.0.0.0", 7000), config.listen());
        assertEquals(2L << 20, config.limits().maxStatementSize());
    }

    @Test
    void unsetVariableInTheFileIsAProblemAtItsPath() {
        assertEquals(List.of(new ConfigProblem("upstream.host", 2, "environment variable DB_HOST is not set")),
                problems("upstream:\n  host: ${DB_HOST}\n  user: app\n"));
    }
}
