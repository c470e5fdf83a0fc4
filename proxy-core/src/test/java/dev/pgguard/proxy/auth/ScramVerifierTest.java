package dev.pgguard.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScramVerifierTest {

    /**
     * "pencil" with the RFC 7677 salt and 4096 iterations. Keys computed independently with Python:
     * hashlib.pbkdf2_hmac('sha256', b'pencil', salt, 4096), then HMAC "Client Key"/"Server Key", SHA-256.
     */
    private static final String PENCIL = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void parseAndFormatRoundTrip() {
        ScramVerifier verifier = ScramVerifier.parse(PENCIL);

        assertEquals(4096, verifier.iterations());
        assertArrayEquals(Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), verifier.salt());
        assertEquals(PENCIL, verifier.format());
    }

    @Test
    void generateMatchesTheKnownVerifier() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

        assertEquals(PENCIL, ScramVerifier.generate("pencil", salt, 4096).format());
    }

    @Test
    void generateUsesARandom16ByteSalt() {
        ScramVerifier a = ScramVerifier.generate("pw", 4096);
        ScramVerifier b = ScramVerifier.generate("pw", 4096);

        assertEquals(16, a.salt().length);
        assertNotEquals(a, b);
    }

    @Test
    void arraysAreCopiedAndKeysAreNotPrinted() {
        ScramVerifier verifier = ScramVerifier.parse(PENCIL);
        verifier.storedKey()[0] ^= 1;

        assertEquals(PENCIL, verifier.format());
        assertEquals("ScramVerifier[iterations=4096, salt=W22ZaJ0SNY7soEsUEjb6gQ==, keys=<redacted>]",
                verifier.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "md5abcdef                                  | SCRAM verifier must start with \"SCRAM-SHA-256$\"",
        "SCRAM-SHA-256$4096:c2FsdA==                | SCRAM verifier must have the form"
                + " SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>",
        "SCRAM-SHA-256$4096$a:b                     | SCRAM verifier must have the form"
                + " SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>",
        "SCRAM-SHA-256$4096:c2FsdA==$a:b:c          | SCRAM verifier must have the form"
                + " SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>",
        "SCRAM-SHA-256$0:c2FsdA==$a:b               | SCRAM verifier iteration count must be a positive integer",
        "SCRAM-SHA-256$+4096:c2FsdA==$a:b           | SCRAM verifier iteration count must be a positive integer",
        "SCRAM-SHA-256$9999999999:c2FsdA==$a:b      | SCRAM verifier iteration count must be a positive integer",
        "SCRAM-SHA-256$4096:c2Fsd!==$a:b            | SCRAM verifier salt is not valid base64",
        "SCRAM-SHA-256$4096:$a:b                    | SCRAM verifier salt must not be empty",
        "SCRAM-SHA-256$4096:c2FsdA==$a:b            | SCRAM verifier StoredKey is not valid base64",
        "SCRAM-SHA-256$4096:c2FsdA==$c2FsdA==:b     | SCRAM verifier StoredKey must be 32 bytes",
        "SCRAM-SHA-256$4096:c2FsdA==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:c2FsdA==" +
                " | SCRAM verifier ServerKey must be 32 bytes",
    })
    void parseErrorsNameThePartAndNeverEchoTheInput(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScramVerifier.parse(text));

        assertEquals(expected, e.getMessage());
    }

    @Test
    void mockIsDeterministicPerUserAndDiffersBetweenUsers() {
        ScramVerifier alice = ScramVerifier.mock("alice", SECRET);

        assertEquals(alice, ScramVerifier.mock("alice", SECRET));
        assertEquals(ScramVerifier.DEFAULT_ITERATIONS, alice.iterations());
        assertEquals(16, alice.salt().length);
        assertFalse(Arrays.equals(alice.salt(), ScramVerifier.mock("bob", SECRET).salt()));
        assertNotEquals(alice, ScramVerifier.mock("alice", "another secret, also 32 bytes!!".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void mockRefusesAShortSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScramVerifier.mock("alice", new byte[15]));

        assertEquals("mock authentication secret must be at least 16 bytes", e.getMessage());
    }
}
