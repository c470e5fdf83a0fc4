package dev.pgguard.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file that a running pgguard rereads whenever it changes (the agents file, the approvers file), so that
 * it only ever sees the old content or the new, never a part of it: the new text goes to a temporary file in the
 * same directory (a rename is atomic only within one file system), is flushed to disk, checked, and only then
 * renamed over the old file. The temporary file is owner-only from its creation, since what it holds (SCRAM
 * verifiers, token hashes, TOTP secrets) is never to be readable by others, not even for a moment.
 */
final class ManagedFileWriter {

    /** Judges the candidate file before it replaces the real one; throwing leaves the real one as it was. */
    @FunctionalInterface
    interface Check<E extends Exception> {
        void check(Path candidate) throws IOException, E;
    }

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private ManagedFileWriter() {
    }

    static <E extends Exception> void replace(Path target, String text, Check<E> check) throws IOException, E {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir, ownerOnly("rwx------")); // ~/.pgguard, the first time
        Path candidate = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", ownerOnly("rw-------"));
        try {
            try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true); // on disk before the rename makes it the file: a crash leaves old or new
            }
            check.check(candidate);
            Files.move(candidate, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(candidate);
        }
    }

    /** Permissions for a file or directory only its owner may use, where the file system has POSIX permissions. */
    static FileAttribute<?>[] ownerOnly(String permissions) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> posix = PosixFilePermissions.fromString(permissions);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(posix)};
    }

    /** Makes the rename itself durable where the platform lets a directory be synced (Linux, macOS; not Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupportedHere) {
            // the rename is done; only its durability across a power loss is left to the file system
        }
    }
}
