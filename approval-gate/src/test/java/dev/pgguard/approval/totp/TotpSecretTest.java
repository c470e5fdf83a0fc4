package dev.pgguard.approval.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class TotpSecretTest {

    /** RFC 6238's SHA-1 seed, "12345678901234567890". */
    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void generatedSecretsAre160RandomBits() {
        TotpSecret one = TotpSecret.generate(new SecureRandom());
        TotpSecret two = TotpSecret.generate(new SecureRandom());
        assertEquals(32, one.base32().length());
        assertNotEquals(one.base32(), two.base32());
        assertEquals(one.base32(), TotpSecret.fromBase32(one.base32().toLowerCase()).base32());
    }

    @Test
    void toStringKeepsTheSecret() {
        TotpSecret secret = TotpSecret.fromBase32(SEED);
        assertEquals("TotpSecret[160 bits]", secret.toString());
        assertFalse(secret.toString().contains(SEED));
    }

    @Test
    void fewerThan128BitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TotpSecret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBV"));
        assertEquals("a TOTP secret needs at least 128 bits, this one has 120", e.getMessage());
        assertEquals(SEED.substring(0, 26), TotpSecret.fromBase32(SEED.substring(0, 26)).base32());
    }

    @Test
    void uriInTheKeyUriFormat() {
        assertEquals("otpauth://totp/pgguard:alice?secret=" + SEED
                        + "&issuer=pgguard&algorithm=SHA1&digits=6&period=30",
                TotpSecret.fromBase32(SEED).otpauthUri("pgguard", "alice"));
    }

    @Test
    void uriPercentEncodesLabelAndIssuerAsRfc3986() {
        String uri = TotpSecret.fromBase32(SEED).otpauthUri("pgguard prod", "Zoë+ops@example.com");
        assertEquals("otpauth://totp/pgguard%20prod:Zo%C3%AB%2Bops%40example.com?secret=" + SEED
                + "&issuer=pgguard%20prod&algorithm=SHA1&digits=6&period=30", uri);
        assertEquals("otpauth://totp/a-b.c_d~e:%2F%3F%26%3D%23%25?secret=" + SEED
                        + "&issuer=a-b.c_d~e&algorithm=SHA1&digits=6&period=30",
                TotpSecret.fromBase32(SEED).otpauthUri("a-b.c_d~e", "/?&=#%"));
    }

    @Test
    void colonsAndBlanksAreRefusedInLabel() {
        TotpSecret secret = TotpSecret.fromBase32(SEED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> secret.otpauthUri("pgguard", "ops:alice"));
        assertEquals("the account of a TOTP secret must not be blank or contain ':', it is \"ops:alice\"",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> secret.otpauthUri("pg:guard", "alice"));
        assertThrows(IllegalArgumentException.class, () -> secret.otpauthUri(" ", "alice"));
        assertThrows(IllegalArgumentException.class, () -> secret.otpauthUri("pgguard", null));
        assertTrue(secret.otpauthUri("pgguard", "a").startsWith("otpauth://totp/pgguard:a?"));
    }
}
