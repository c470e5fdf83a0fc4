package dev.pgguard.proxy.admin;

import dev.pgguard.approval.totp.TotpSecret;
import dev.pgguard.config.ApprovalsConfig;
import dev.pgguard.config.ApproverConfig;
import dev.pgguard.config.Secret;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who a bearer token proves, with named approvers and without, and swapping the approvers while running. */
class ApproverRegistryTest {

    private static final ApproverToken SHARED = ApproverToken.resolve(
            ApprovalsConfig.DEFAULT.withApproverToken(Secret.of("shared")), new SecureRandom());
    private static final TotpSecret SECRET = TotpSecret.generate(new SecureRandom());
    private static final ApproverConfig ALICE = new ApproverConfig("alice", ApproverRegistry.tokenSha256("alice-token"),
            Optional.of(Secret.of(SECRET.base32())));
    private static final ApproverConfig BOB = new ApproverConfig("bob", ApproverRegistry.tokenSha256("bob-token"),
            Optional.empty());

    @Test
    void aNamedApproverIsWhoTheirTokenSaysAndTheSharedTokenNoLongerOpensAnything() {
        ApproverRegistry registry = ApproverRegistry.of(List.of(ALICE, BOB), SHARED);

        Caller alice = registry.authenticate("Bearer alice-token").orElseThrow();
        assertEquals("alice", alice.name());
        assertTrue(alice.totp().isPresent());
        assertEquals("alice", alice.decidedBy("mallory"), "the body's claim does not change who decided");
        Caller bob = registry.authenticate("Bearer bob-token").orElseThrow();
        assertEquals("bob", bob.name());
        assertTrue(bob.totp().isEmpty());
        assertTrue(registry.authenticate("Bearer shared").isEmpty());
        assertTrue(registry.authenticate("Bearer alice-token-not").isEmpty());
        assertTrue(registry.authenticate("alice-token").isEmpty(), "not a bearer token");
        assertTrue(registry.authenticate(null).isEmpty());
    }

    @Test
    void withoutNamedApproversTheSharedTokenDecidesAndTheRecordSaysSo() {
        ApproverRegistry registry = ApproverRegistry.of(List.of(), SHARED);

        Caller caller = registry.authenticate("Bearer shared").orElseThrow();
        assertFalse(caller.named());
        assertEquals("carol@laptop (shared token)", caller.decidedBy("carol@laptop"));
        assertEquals("an approver (shared token)", caller.decidedBy(null));
        assertTrue(registry.authenticate("Bearer alice-token").isEmpty());
    }

    @Test
    void aReloadPutsTheNewApproversInForceAndABadSecretChangesNothing() {
        ApproverRegistry registry = ApproverRegistry.of(List.of(), SHARED);

        registry.replace(List.of(BOB));
        assertEquals("bob", registry.authenticate("Bearer bob-token").orElseThrow().name());
        assertTrue(registry.authenticate("Bearer shared").isEmpty());

        ApproverConfig broken = new ApproverConfig("carol", ApproverRegistry.tokenSha256("carol-token"),
                Optional.of(Secret.of("not base32!")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.replace(List.of(ALICE, broken)));
        assertTrue(e.getMessage().startsWith("approver 'carol': the TOTP secret cannot be used"), e.getMessage());
        assertTrue(registry.authenticate("Bearer alice-token").isEmpty(), "the rejected list is not in force");
        assertEquals("bob", registry.authenticate("Bearer bob-token").orElseThrow().name());

        registry.replace(List.of());
        assertTrue(registry.authenticate("Bearer shared").isPresent(), "no approvers left: the shared token again");
    }
}
