package dev.pgguard.proxy.testing;

import dev.pgguard.config.ConfigException;
import dev.pgguard.config.ConfigLoader;
import dev.pgguard.config.PgGuardConfig;
import dev.pgguard.proxy.auth.ScramVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The pgguard configuration of the session tests: one agent, ports the system picks, a short drain on shutdown. */
public final class TestConfigs {

    public static final String AGENT = "agent1";
    public static final String PASSWORD = "agent-secret";
    private static final String VERIFIER = ScramVerifier.generate(PASSWORD, 4096).format();

    private TestConfigs() {
    }

    /**
     * @param upstreamHost as written in the config: a name or an IP literal
     * @param sslmode      upstream.sslmode
     * @param extraYaml    further top-level sections (limits, ...), or ""
     */
    public static PgGuardConfig pgguard(String upstreamHost, int upstreamPort, String sslmode, String extraYaml)
            throws ConfigException {
        String yaml = """
                listen: { host: 127.0.0.1, port: 0 }
                admin: { host: 127.0.0.1, port: 0 }
                upstream: { host: '%s', port: %d, user: realuser, sslmode: %s, connect_timeout: 5s }
                agents:
                  - name: %s
                    password: "%s"
                    mode: read-write
                shutdown: { drain_period: 100ms }
                approvals: { token: "${APPROVER_TOKEN}" }
                audit: { directory: '%s' }
                %s
                """.formatted(upstreamHost, upstreamPort, sslmode, AGENT, VERIFIER, auditDirectory(), extraYaml);
        return ConfigLoader.parse(yaml, "test", Map.of("APPROVER_TOKEN", "test-approver-token"));
    }

    /** A fresh directory per server, so no test writes ~/.pgguard and each log starts its own chain. */
    private static Path auditDirectory() {
        try {
            Path dir = Files.createTempDirectory("pgguard-audit-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
