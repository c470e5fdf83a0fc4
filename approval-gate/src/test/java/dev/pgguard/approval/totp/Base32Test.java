package dev.pgguard.approval.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    /** RFC 4648 section 10, with the padding the encoder leaves off. */
    @ParameterizedTest(name = "\"{0}\" <-> {1}")
    @CsvSource({
        "'',     ''",
        "f,      MY======",
        "fo,     MZXQ====",
        "foo,    MZXW6===",
        "foob,   MZXW6YQ=",
        "fooba,  MZXW6YTB",
        "foobar, MZXW6YTBOI======",
    })
    void rfc4648Vectors(String plain, String padded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertEquals(padded.replace("=", ""), Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(padded));
        assertArrayEquals(bytes, Base32.decode(padded.replace("=", "")));
    }

    @Test
    void everyLengthRoundTrips() {
        Random random = new Random(6238);
        for (int length = 0; length <= 64; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, Base32.decode(Base32.encode(bytes)), "length " + length);
        }
    }

    @Test
    void decodingTakesWhatAHumanTypes() {
        byte[] bytes = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(bytes, Base32.decode("mzxw6ytboi"));
        assertArrayEquals(bytes, Base32.decode("mzxw 6ytb oi== ===="));
        assertArrayEquals(bytes, Base32.decode(" MzXw6YtBoI "));
    }

    @Test
    void badCharactersAreNamed() {
        for (String text : new String[] {"MZXW6YT1", "MZXW6YT8", "MZX-W6YT", "MZ=XW6YT", "MZXW\tYTB"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
            assertTrue(e.getMessage().contains("is not a Base32 character"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW6YT0"));
        assertEquals("'0' (U+0030) is not a Base32 character: only A-Z and 2-7", e.getMessage());
    }

    @Test
    void nonAsciiLettersAreNotFoldedIntoTheAlphabet() {
        // U+0131 (dotless i) and U+017F (long s) upper-case to I and S.
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW6YT\u0131"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW6YT\u017f"));
    }

    @Test
    void cutOffLengthsAreRefused() {
        for (String text : new String[] {"M", "MZX", "MZXW6Y", "MZXW6YTBO"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
            assertTrue(e.getMessage().contains("is cut off"), e.getMessage());
        }
    }
}
