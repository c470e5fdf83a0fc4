package dev.pgguard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a secret given as {@code KEY: ${ENV_VAR}} or {@code KEY_file: PATH}, never written inline: what is
 * written must be a reference to where the secret is, so that a config file can be shown and committed.
 */
final class SecretBinder {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final YamlMapping m;
    private final String key;
    private final String fileKey;
    private final ConfigFiles files;
    private boolean ownerOnly;

    SecretBinder(YamlMapping m, String key, String fileKey, ConfigFiles files) {
        this.m = m;
        this.key = key;
        this.fileKey = fileKey;
        this.files = files;
    }

    /** The file must not be readable by anyone but its owner (chmod 600), as for ~/.pgpass. */
    SecretBinder ownerOnly() {
        this.ownerOnly = true;
        return this;
    }

    /** Empty when neither key is there, or when there is a problem (recorded). */
    Optional<Secret> bind() {
        if (m.has(key) && m.has(fileKey)) {
            m.problem(fileKey, "give either " + key + " or " + fileKey + ", not both");
            return Optional.empty();
        }
        if (m.has(key)) {
            Optional<String> written = m.text(key);
            if (written.isEmpty()) {
                return Optional.empty();
            }
            // Checked before interpolation: what is written must be a reference, never the secret itself.
            if (Interpolation.referenceName(written.get()).isEmpty()) {
                m.problem(key, "inline secrets are not accepted: use " + key + ": ${ENV_VAR} or " + fileKey + ": PATH");
                return Optional.empty();
            }
            return m.value(key, SecretBinder::nonEmptySecret);
        }
        return m.value(fileKey, this::fromFile).map(Secret::of);
    }

    private String fromFile(String text) {
        if (ownerOnly) {
            Path file = files.readable(text);
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    throw new IllegalArgumentException(file + " must be readable by its owner only (chmod 600)");
                }
            } catch (UnsupportedOperationException | IOException e) {
                // a file system without POSIX permissions: nothing to check
            }
        }
        return files.secret(text);
    }

    private static Secret nonEmptySecret(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the environment variable is set but empty");
        }
        return Secret.of(value);
    }
}
