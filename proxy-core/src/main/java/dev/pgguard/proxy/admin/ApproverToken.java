package dev.pgguard.proxy.admin;

import dev.pgguard.config.ApprovalsConfig;
import dev.pgguard.config.Secret;
import dev.pgguard.config.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shared approver token: the admin API's one credential while no approvers are named ({@link ApproverRegistry}).
 * From the config when it names one; otherwise the file {@code ~/.pgguard/approver.token}, created on first start
 * with a random token, readable by its owner only: whoever can read it can approve, as whoever can read ~/.pgpass
 * can log in.
 */
public final class ApproverToken {

    private final Secret token;
    private final Path file;

    private ApproverToken(Secret token, Path file) {
        this.token = token;
        this.file = file;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home")).resolve(ApprovalsConfig.DEFAULT_TOKEN_FILE);
    }

    /** The configured token, or the default file's (created if missing). */
    public static ApproverToken resolve(ApprovalsConfig config, SecureRandom random) {
        if (config.approverToken().isPresent()) {
            return new ApproverToken(config.approverToken().get(), null);
        }
        Path file = defaultFile();
        try {
            if (!Files.exists(file)) {
                create(file, random);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the approver token file " + file, e);
        }
        try {
            // the rules of approvals.token_file: whoever can read this file can approve
            return new ApproverToken(Secret.of(SecretFiles.read(file, true)), file);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the approver token file: " + e.getMessage()
                    + " (fix its permissions, or delete it and pgguard creates a new one)", e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return; // another pgguard created it in the meantime: use that one
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }

    /** Where the token lives, for the startup message; null when it comes from the config. */
    public Path file() {
        return file;
    }

    /** Whether an {@code Authorization} header carries this token ({@link Secret#equals}: constant time). */
    boolean accepts(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ")
                && token.equals(Secret.of(authorization.substring(7).strip()));
    }
}
