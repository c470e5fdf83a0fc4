package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.PENCIL_VERIFIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The records guard their invariants for configs built in code too (tests, other modules). */
class RecordsTest {

    private static void assertRefused(String message, Executable construct) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
    }

    @Test
    void constructorsCheckInvariants() {
        assertRefused("listen port must be between 0 and 65535, got -1", () -> new ListenConfig("h", -1));
        assertRefused("admin host must not be blank", () -> new AdminConfig(" ", 1));
        assertRefused("upstream port must be between 1 and 65535, got 0", () -> new UpstreamConfig("h", 0,
                Optional.empty(), "u", Optional.empty(), SslMode.PREFER, Optional.empty(), Duration.ofSeconds(1)));
        assertRefused("maxStatementSize must be between 1 and maxMessageSize (8192), got 8193",
                () -> new LimitsConfig(8192, 8193, Duration.ofSeconds(1), 1));
        assertRefused("maxMessageSize must be between 8192 and 1073741823, got 1073741824",
                () -> new LimitsConfig(1L << 30, 1, Duration.ofSeconds(1), 1));
        assertRefused("drainPeriod must be > 0, got PT0S", () -> new ShutdownConfig(Duration.ZERO));
        assertRefused("agent name must match [a-z0-9][a-z0-9_.-]{0,62}, got 'Ci'",
                () -> new AgentConfig("Ci", PENCIL_VERIFIER));
        assertThrows(IllegalArgumentException.class, () -> new AgentConfig("ci", "pencil"));
    }

    @Test
    void withersReplaceOnePartAndKeepTheRest() {
        PgGuardConfig d = PgGuardConfig.defaults();
        UpstreamConfig upstream = new UpstreamConfig("db", 5432, Optional.empty(), "u", Optional.empty(),
                SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(1));
        PgGuardConfig changed = d.withUpstream(upstream).withListen(new ListenConfig("h", 0))
                .withAdmin(new AdminConfig("h", 0)).withAgents(List.of(new AgentConfig("ci", PENCIL_VERIFIER)));
        assertEquals(new PgGuardConfig(new ListenConfig("h", 0), d.tls(), new AdminConfig("h", 0),
                Optional.of(upstream), List.of(new AgentConfig("ci", PENCIL_VERIFIER)), d.limits(), d.shutdown(), d.classifier(), d.approvals(), d.audit()),
                changed);
    }

    @Test
    void agentsAreCopiedAndUnique() {
        List<AgentConfig> agents = new ArrayList<>(List.of(new AgentConfig("ci", PENCIL_VERIFIER)));
        PgGuardConfig config = PgGuardConfig.defaults().withAgents(agents);
        agents.clear();
        assertEquals(1, config.agents().size());
        assertThrows(UnsupportedOperationException.class, () -> config.agents().clear());
        assertRefused("duplicate agent name 'ci'", () -> config.withAgents(
                List.of(new AgentConfig("ci", PENCIL_VERIFIER), new AgentConfig("ci", PENCIL_VERIFIER))));
    }

    @Test
    void problemToStringLeavesOutWhatIsUnknown() {
        assertEquals("upstream.sslmode (line 12): bad", new ConfigProblem("upstream.sslmode", 12, "bad").toString());
        assertEquals("upstream.sslmode: bad", new ConfigProblem("upstream.sslmode", 0, "bad").toString());
        assertEquals("line 3: bad", new ConfigProblem("", 3, "bad").toString());
        assertEquals("bad", new ConfigProblem("", 0, "bad").toString());
    }
}
