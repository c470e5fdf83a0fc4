package dev.pgguard.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A human who may approve, deny and grant, with the credential the admin API knows them by. pgguard keeps only
 * the SHA-256 of the approver's token (the token itself stays with the approver), and the TOTP secret when
 * approvals need the code from their phone too.
 *
 * @param tokenSha256 64 lower-case hex digits
 * @param totpSecret  Base32 (RFC 4648); empty = the token alone approves
 */
public record ApproverConfig(String name, String tokenSha256, Optional<Secret> totpSecret) {

    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ApproverConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        Objects.requireNonNull(totpSecret, "totpSecret");
        if (!AgentConfig.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("approver name must match " + AgentConfig.NAME + ", got '" + name + "'");
        }
        if (!SHA256_HEX.matcher(tokenSha256).matches()) {
            throw new IllegalArgumentException("approver '" + name + "' token_sha256 must be 64 lower-case hex digits");
        }
    }
}
