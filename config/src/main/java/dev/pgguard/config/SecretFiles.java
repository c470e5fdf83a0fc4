package dev.pgguard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reading a secret from a file: the configuration's {@code *_file} keys, and the approver token pgguard serve
 * keeps for itself. Problems are {@link IllegalArgumentException}s whose message names the file, never its
 * content.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /**
     * The file's content without the trailing newline that {@code echo} and editors add; with {@code ownerOnly},
     * only if nobody but its owner may read it (chmod 600), as for ~/.pgpass. The file must exist and be readable.
     */
    public static String read(Path file, boolean ownerOnly) {
        if (ownerOnly) {
            requireOwnerOnly(file);
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String secret = content.replaceFirst("[\\r\\n]+$", "");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("file is empty: " + file);
        }
        return secret;
    }

    private static void requireOwnerOnly(Path file) {
        try {
            if (Files.getPosixFilePermissions(file).stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalArgumentException(file + " must be readable by its owner only (chmod 600)");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // a file system without POSIX permissions: nothing to check
        }
    }
}
