package dev.pgguard.cli;

import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The guarded database for a first run with no upstream configured: an embedded PostgreSQL (binaries from
 * Maven Central) whose data directory persists between runs, reachable on loopback only.
 */
final class EmbeddedUpstream implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedUpstream(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    static EmbeddedUpstream start(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .start();
        return new EmbeddedUpstream(postgres, dataDirectory);
    }

    /** Trust authentication on loopback is zonky's setup; pgguard is the only client that knows the port. */
    UpstreamConfig upstreamConfig() {
        return new UpstreamConfig("127.0.0.1", postgres.getPort(), Optional.empty(), "postgres", Optional.empty(),
                SslMode.DISABLE, Optional.empty(), Duration.ofSeconds(5));
    }

    int port() {
        return postgres.getPort();
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
