package dev.pgguard.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files named by the configuration. Relative paths resolve against the config file's directory, so the
 * meaning of a file does not depend on where pgguard was started from.
 */
final class ConfigFiles {

    private final Path baseDir;

    ConfigFiles(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Parser: a path, relative to the config file's directory; it need not exist yet. */
    Path resolve(String text) {
        return baseDir.resolve(text);
    }

    /** Parser: a path to a regular file that can be read now, so a typo fails at startup, not at first use. */
    Path readable(String text) {
        Path file = baseDir.resolve(text);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("file not found: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("is not a readable file: " + file);
        }
        return file;
    }

    /** Parser: the content of a secret file ({@link SecretFiles#read}); with {@code ownerOnly}, chmod 600 only. */
    String secret(String text, boolean ownerOnly) {
        return SecretFiles.read(readable(text), ownerOnly);
    }
}
