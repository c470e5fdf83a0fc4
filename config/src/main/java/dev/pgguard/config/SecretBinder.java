package dev.pgguard.config;

import java.util.Optional;

/**
 * Binds a secret given as {@code KEY: ${ENV_VAR}} or {@code KEY_file: PATH}, never written inline: what is
 * written must be a reference to where the secret is, so that a config file can be shown and committed.
 */
final class SecretBinder {

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
        return files.secret(text, ownerOnly);
    }

    private static Secret nonEmptySecret(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the environment variable is set but empty");
        }
        return Secret.of(value);
    }
}
