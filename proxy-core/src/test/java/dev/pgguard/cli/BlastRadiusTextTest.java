package dev.pgguard.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BlastRadiusTextTest {

    @Test
    void summarisesTheContractsExample() throws IOException {
        BlastRadiusView b = HoldFixtures.blastRadius(HoldFixtures.BLAST_RADIUS);

        assertEquals("users: ~120k rows, 9 MB; cascades 1", BlastRadiusText.summary(b));
        assertEquals(List.of("users: ~120k rows, 9 MB; cascades 1", "cascades to view public.active_users",
                "rows are estimates from pg_class statistics"), BlastRadiusText.details(b));
    }

    @Test
    void saysWhenThereAreNoFiguresAndWhy() throws IOException {
        assertEquals("-", BlastRadiusText.summary(null));
        assertEquals("measuring...", summary("{\"status\": \"pending\"}"));
        assertEquals("not measured: timed out", summary("{\"status\": \"timeout\"}"));
        assertEquals("not measured: permission denied for table users",
                summary("{\"status\": \"error\", \"notes\": [\"permission denied for table users\"]}"));
        assertEquals("nothing measured", summary("{\"status\": \"ok\", \"tables\": []}"));
    }

    @Test
    void showsRowsAffectedWhenTheyDifferAndTheDatabaseSizeForDropDatabase() throws IOException {
        BlastRadiusView delete = HoldFixtures.blastRadius("{\"status\": \"ok\", \"tables\": ["
                + "{\"name\": \"sales.orders\", \"rows\": 2500000, \"bytes\": 1610612736, \"rows_affected\": 3100},"
                + "{\"name\": \"public.never_analysed\", \"rows\": -1, \"bytes\": 8192, \"rows_affected\": null}]}");
        assertEquals("sales.orders: ~2.5M rows, 1.5 GB, ~3.1k affected; never_analysed: 8 kB",
                BlastRadiusText.summary(delete));

        BlastRadiusView dropDatabase = HoldFixtures.blastRadius(
                "{\"status\": \"ok\", \"tables\": [], \"cascade\": [], \"database_bytes\": 5368709120}");
        assertEquals("database 5 GB", BlastRadiusText.summary(dropDatabase));
    }

    @Test
    void figuresAreShortAndRoundedLikePgSizePretty() {
        assertEquals("950", Figures.count(950));
        assertEquals("1k", Figures.count(1000));
        assertEquals("1.5k", Figures.count(1500));
        assertEquals("10k", Figures.count(9960));
        assertEquals("120k", Figures.count(120_000));
        assertEquals("1M", Figures.count(999_999));
        assertEquals("12M", Figures.count(12_000_000));
        assertEquals("512 bytes", Figures.size(512));
        assertEquals("1.5 kB", Figures.size(1536));
        assertEquals("9 MB", Figures.size(9_437_184));
        assertEquals("0s", Figures.duration(-5));
        assertEquals("59s", Figures.duration(59_999));
        assertEquals("4m05s", Figures.duration(245_000));
        assertEquals("2h03m", Figures.duration(7_380_000));
        assertEquals("3d04h", Figures.duration((3 * 24 + 4) * 3_600_000L));
    }

    private static String summary(String blastRadiusJson) throws IOException {
        return BlastRadiusText.summary(HoldFixtures.blastRadius(blastRadiusJson));
    }
}
