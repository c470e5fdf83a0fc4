package dev.pgguard.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Md5PasswordTest {

    /**
     * Expected value computed in a shell:
     * <pre>
     * inner=$(printf '%s' 'secretpostgres' | md5sum | cut -d' ' -f1)   # 53f48b7c4b76a86ce72276c5755f217d
     * (printf '%s' "$inner"; printf '\x01\x02\x03\x04') | md5sum       # bb41a296aab6baccb36ff243a562abff
     * </pre>
     */
    @Test
    void matchesMd5sumOfTheDocumentedFormula() {
        String encoded = Md5Password.encode("postgres", "secret", new byte[] {0x01, 0x02, 0x03, 0x04});

        assertEquals("md5bb41a296aab6baccb36ff243a562abff", encoded);
    }

    @Test
    void rejectsASaltThatIsNotFourBytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Md5Password.encode("postgres", "secret", new byte[3]));

        assertEquals("MD5 salt must be 4 bytes, got 3", e.getMessage());
    }
}
