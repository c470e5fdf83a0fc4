package dev.pgguard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @Test
    void durationsInEveryUnit() {
        assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
        assertEquals(Duration.ofSeconds(5), Units.duration("5s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2m"));
        assertEquals(Duration.ofHours(1), Units.duration("1h"));
        assertEquals(Duration.ofDays(1), Units.duration("1d"));
        assertEquals(Duration.ofDays(365), Units.duration("365d"));
    }

    @Test
    void bareNumberDurationNamesTheAcceptedUnits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration("30"));
        assertEquals("must be a whole number with a unit: ms, s, m, h or d (for example 5s), got '30'",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 s", "5S", "1.5s", "-5s", "5sec", "5us", "s", "1w"})
    void malformedDurationsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.duration(text));
    }

    @Test
    void durationsMustBePositiveAndBounded() {
        assertEquals("must be greater than 0, got '0ms'",
                assertThrows(IllegalArgumentException.class, () -> Units.duration("0ms")).getMessage());
        assertEquals("must be at most 365d, got '366d'",
                assertThrows(IllegalArgumentException.class, () -> Units.duration("366d")).getMessage());
        assertEquals("is too large: '99999999999999999999s'",
                assertThrows(IllegalArgumentException.class, () -> Units.duration("99999999999999999999s"))
                        .getMessage());
    }

    @Test
    void sizesUsePostgresUnitsBase1024() {
        assertEquals(100, Units.size("100"));
        assertEquals(100, Units.size("100B"));
        assertEquals(8192, Units.size("8kB"));
        assertEquals(8192, Units.size("8KB"));
        assertEquals(8192, Units.size("8KiB"));
        assertEquals(16L << 20, Units.size("16MB"));
        assertEquals(16L << 20, Units.size("16MiB"));
        assertEquals(1L << 30, Units.size("1GB"));
        assertEquals(1L << 30, Units.size("1GiB"));
        assertEquals(1L << 30, Units.size("1 GB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "1.5MB", "-1", "16mb", "16 M", "1TB", "16Mb", "1  MB"})
    void malformedSizesAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.size(text));
        assertEquals("must be a whole number of bytes, optionally with a unit: B, kB, MB or GB (1024-based;"
                + " KB, KiB, MiB and GiB also accepted), got '" + text + "'", e.getMessage());
    }

    @Test
    void overflowingSizeIsRefused() {
        assertEquals("is too large: '9999999999GB'",
                assertThrows(IllegalArgumentException.class, () -> Units.size("9999999999GB")).getMessage());
    }

    @Test
    void formattingPicksTheLargestExactUnit() {
        assertEquals("1GB", Units.formatSize(1L << 30));
        assertEquals("16MB", Units.formatSize(16L << 20));
        assertEquals("8kB", Units.formatSize(8192));
        assertEquals("1073741823B", Units.formatSize(1_073_741_823L));
        assertEquals("250ms", Units.formatDuration(Duration.ofMillis(250)));
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("2m", Units.formatDuration(Duration.ofMinutes(2)));
        assertEquals("1d", Units.formatDuration(Duration.ofHours(24)));
    }
}
