package dev.pgguard.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds an {@code approvers} list, of the config file or of the approvers file. */
final class ApproverBinder {

    static final List<String> KEYS = List.of("name", "token_sha256", "totp_secret", "totp_secret_file");

    private final Problems problems;
    private final ConfigFiles files;
    private final Map<String, String> firstSeenAt = new HashMap<>();

    ApproverBinder(Problems problems, ConfigFiles files) {
        this.problems = problems;
        this.files = files;
    }

    List<ApproverConfig> bind(YamlMapping top) {
        List<ApproverConfig> approvers = new ArrayList<>();
        for (YamlMapping a : top.mappings("approvers", KEYS)) {
            int mark = problems.count();
            Optional<String> name = a.required("name", AgentBinder::agentName);
            Optional<String> hash = a.required("token_sha256", ApproverBinder::sha256);
            // whoever reads the TOTP secret can make codes: chmod 600, like the token file
            Optional<Secret> totp = new SecretBinder(a, "totp_secret", "totp_secret_file", files).ownerOnly().bind();
            name.ifPresent(n -> {
                String first = firstSeenAt.putIfAbsent(n, a.path("name"));
                if (first != null) {
                    a.problem("name", "duplicate approver name '" + n + "' (first at " + first + ")");
                }
            });
            if (problems.count() == mark) {
                approvers.add(new ApproverConfig(name.orElseThrow(), hash.orElseThrow(), totp));
            }
        }
        return approvers;
    }

    private static String sha256(String text) {
        if (!ApproverConfig.SHA256_HEX.matcher(text).matches()) {
            throw new IllegalArgumentException("must be the SHA-256 of the approver's token, 64 lower-case hex "
                    + "digits (pgguard approver add writes it)");
        }
        return text;
    }
}
