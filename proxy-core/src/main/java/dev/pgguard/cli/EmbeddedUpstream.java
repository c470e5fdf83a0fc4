package dev.pgguard.cli;

import dev.pgguard.config.Secret;
import dev.pgguard.config.SslMode;
import dev.pgguard.config.UpstreamConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * The guarded database for a first run with no upstream configured: an embedded PostgreSQL (binaries from
 * Maven Central) whose data directory persists between runs, on loopback only.
 *
 * <p>It must not be a way around pgguard: an agent on the same machine can find its port. So the cluster is
 * created with SCRAM-SHA-256 for every connection (TCP and Unix socket) and a random superuser password that
 * only pgguard knows, kept next to the data directory in an owner-only file.
 */
final class EmbeddedUpstream implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Secret password;

    private EmbeddedUpstream(EmbeddedPostgres postgres, Path dataDirectory, Secret password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    static EmbeddedUpstream start(Path dataDirectory) throws IOException {
        Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        if (fresh) {
            writeOwnerOnly(passwordFile, Passwords.random());
        } else if (!Files.exists(passwordFile)) {
            throw new IOException("the embedded data directory " + dataDirectory + " exists but its password file "
                    + passwordFile + " does not; remove the directory to start afresh");
        }
        Files.createDirectories(dataDirectory);
        String secret = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        // zonky passes these to initdb as --key=value; they only matter when the cluster is created.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("auth-local", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setConnectConfig("password", secret) // zonky logs in to check the server is ready
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "200")
                .start();
        return new EmbeddedUpstream(postgres, dataDirectory, Secret.of(secret));
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
    }

    UpstreamConfig upstreamConfig() {
        return new UpstreamConfig("127.0.0.1", postgres.getPort(), Optional.empty(), SUPERUSER, Optional.of(password),
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
