package dev.pgguard.proxy.admin;

import dev.pgguard.approval.totp.TotpSecret;
import dev.pgguard.config.ApproverConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the admin API's approver endpoints. With named approvers ({@code approvers:} and the approvers
 * file) only their tokens open it, each known by its SHA-256 alone; without any, the one shared approver token
 * does, as before named approvers existed. The approvers file is reloaded while pgguard runs, so the list is
 * swapped whole ({@link #replace}) and read without a lock.
 */
public final class ApproverRegistry {

    private static final Logger log = LoggerFactory.getLogger(ApproverRegistry.class);
    private static final String BEARER = "Bearer ";

    private record Entry(String name, byte[] tokenSha256, Optional<TotpSecret> totp) {
    }

    private final ApproverToken shared;
    private volatile List<Entry> named;

    private ApproverRegistry(ApproverToken shared, List<Entry> named) {
        this.shared = shared;
        this.named = named;
    }

    /** @throws IllegalArgumentException when an approver's TOTP secret is not usable (named in the message) */
    public static ApproverRegistry of(List<ApproverConfig> approvers, ApproverToken shared) {
        List<Entry> named = entries(approvers);
        log.info(summary(named));
        return new ApproverRegistry(shared, named);
    }

    /**
     * Puts another list of approvers in force, or none (then the shared token is accepted again). Every entry is
     * checked before anything changes: a list with a bad TOTP secret throws and leaves the running one in force.
     */
    public void replace(List<ApproverConfig> approvers) {
        List<Entry> next = entries(approvers);
        String before = summary(named);
        named = next;
        if (!summary(next).equals(before)) { // not for new tokens or secrets of the same people
            log.info(summary(next));
        }
    }

    /** The caller an {@code Authorization: Bearer ...} header proves; empty for no header or an unknown token. */
    Optional<Caller> authenticate(String authorization) {
        List<Entry> now = named;
        if (now.isEmpty()) {
            return shared.accepts(authorization) ? Optional.of(Caller.shared()) : Optional.empty();
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.empty();
        }
        byte[] hash = sha256(authorization.substring(BEARER.length()).strip());
        Entry match = null;
        // every entry is compared, in constant time, so how long this takes does not tell which one was close
        for (Entry e : now) {
            if (MessageDigest.isEqual(e.tokenSha256(), hash)) {
                match = e;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), match.totp()));
    }

    /**
     * What an approver's {@code token_sha256} holds for their token: the SHA-256 of its text (UTF-8), lower-case
     * hex. The one definition, for {@code pgguard approver add} as for {@link #authenticate}.
     */
    public static String tokenSha256(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static List<Entry> entries(List<ApproverConfig> approvers) {
        List<Entry> entries = new ArrayList<>();
        for (ApproverConfig a : approvers) {
            Optional<TotpSecret> totp;
            try {
                totp = a.totpSecret().map(s -> TotpSecret.fromBase32(s.reveal()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("approver '" + a.name() + "': the TOTP secret cannot be used: "
                        + e.getMessage() + " (pgguard approver add --totp writes a good one)", e);
            }
            entries.add(new Entry(a.name(), HexFormat.of().parseHex(a.tokenSha256()), totp));
        }
        return List.copyOf(entries);
    }

    private static String summary(List<Entry> named) {
        if (named.isEmpty()) {
            return "no named approvers: the shared approver token opens the admin API's approver endpoints";
        }
        return "approvers: " + String.join(", ", named.stream()
                .map(e -> e.name() + (e.totp().isPresent() ? " (TOTP)" : "")).toList())
                + "; only their own tokens open the admin API's approver endpoints";
    }
}
