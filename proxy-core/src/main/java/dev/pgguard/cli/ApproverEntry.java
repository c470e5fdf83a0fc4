package dev.pgguard.cli;

import static dev.pgguard.cli.ManagedEntries.scalar;
import static dev.pgguard.cli.ManagedEntries.tuple;

import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An approver as an entry of the approvers file, with the keys of the config's own approvers. */
final class ApproverEntry {

    static final String TOTP_SECRET_FILE = "totp_secret_file";

    private ApproverEntry() {
    }

    /**
     * @param totpSecretFile the {@code totp_secret_file} to reference, relative to the approvers file's directory;
     *                       empty for an approver whose token alone decides
     */
    static List<NodeTuple> of(String name, String tokenSha256, Optional<String> totpSecretFile) {
        List<NodeTuple> entry = new ArrayList<>();
        entry.add(tuple("name", scalar(name)));
        entry.add(tuple("token_sha256", scalar(tokenSha256)));
        totpSecretFile.ifPresent(f -> entry.add(tuple(TOTP_SECRET_FILE, scalar(f))));
        return entry;
    }
}
