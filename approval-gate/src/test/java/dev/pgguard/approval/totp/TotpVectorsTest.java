package dev.pgguard.approval.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published test vectors: RFC 4226 Appendix D (HOTP) and RFC 6238 Appendix B (TOTP), exactly. */
class TotpVectorsTest {

    /** RFC 6238 Appendix B: the seed of each algorithm is "1234567890" repeated to the hash's length. */
    private static byte[] seed(Hotp.Hmac hmac) {
        int length = switch (hmac) {
            case SHA1 -> 20;
            case SHA256 -> 32;
            case SHA512 -> 64;
        };
        return "1234567890".repeat(7).substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "counter {0}: {1}")
    @CsvSource({
        "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
        "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489",
    })
    void rfc4226AppendixD(long counter, String expected) {
        assertEquals(expected, Hotp.code(seed(Hotp.Hmac.SHA1), counter, Hotp.Hmac.SHA1, 6));
    }

    @ParameterizedTest(name = "T={0} {2}: {3}")
    @CsvSource({
        "59,          0000000000000001, SHA1,   94287082",
        "59,          0000000000000001, SHA256, 46119246",
        "59,          0000000000000001, SHA512, 90693936",
        "1111111109,  00000000023523EC, SHA1,   07081804",
        "1111111109,  00000000023523EC, SHA256, 68084774",
        "1111111109,  00000000023523EC, SHA512, 25091201",
        "1111111111,  00000000023523ED, SHA1,   14050471",
        "1111111111,  00000000023523ED, SHA256, 67062674",
        "1111111111,  00000000023523ED, SHA512, 99943326",
        "1234567890,  000000000273EF07, SHA1,   89005924",
        "1234567890,  000000000273EF07, SHA256, 91819424",
        "1234567890,  000000000273EF07, SHA512, 93441116",
        "2000000000,  0000000003F940AA, SHA1,   69279037",
        "2000000000,  0000000003F940AA, SHA256, 90698825",
        "2000000000,  0000000003F940AA, SHA512, 38618901",
        "20000000000, 0000000027BC86AA, SHA1,   65353130",
        "20000000000, 0000000027BC86AA, SHA256, 77737706",
        "20000000000, 0000000027BC86AA, SHA512, 47863826",
    })
    void rfc6238AppendixB(long epochSecond, String stepHex, Hotp.Hmac hmac, String expected) {
        long step = Totp.step(epochSecond);
        assertEquals(Long.parseLong(stepHex, 16), step);
        assertEquals(expected, Hotp.code(seed(hmac), step, hmac, 8));
    }

    @Test
    void digitsOutsideSixToEightAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Hotp.code(seed(Hotp.Hmac.SHA1), 0, Hotp.Hmac.SHA1, 5));
        assertThrows(IllegalArgumentException.class, () -> Hotp.code(seed(Hotp.Hmac.SHA1), 0, Hotp.Hmac.SHA1, 9));
    }
}
