package dev.pgguard.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files of one audit log: the live file {@code NAME.jsonl} and the rotated ones
 * {@code NAME-2026-11-25T10-00-00.123Z.jsonl}, named after the time of their first record. Names sort as the
 * files follow each other: the writer never gives a rotated file a name that sorts before an existing one.
 */
public final class AuditFiles {

    private static final String EXT = ".jsonl";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern STAMP_PATTERN = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z");

    private final Path directory;
    private final String fileName;
    private final String base;

    public AuditFiles(Path directory, String fileName) {
        if (!fileName.endsWith(EXT)) {
            throw new IllegalArgumentException("an audit file name ends with .jsonl: " + fileName);
        }
        this.directory = directory;
        this.fileName = fileName;
        this.base = fileName.substring(0, fileName.length() - EXT.length());
    }

    public Path directory() {
        return directory;
    }

    public Path live() {
        return directory.resolve(fileName);
    }

    /** Rotated files then the live file (if it exists): the order the chain runs through them. */
    public List<Path> inOrder() throws IOException {
        List<Path> files = rotated();
        if (Files.exists(live())) {
            files.add(live());
        }
        return files;
    }

    /** The rotated files, oldest first. */
    public List<Path> rotated() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, base + "-*" + EXT)) {
            for (Path p : dir) {
                if (stampOf(p.getFileName().toString()) != null) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /**
     * The name for the live file once rotated: its first record's time, to the millisecond; one millisecond after
     * the newest rotated file when that would not sort after it (two rotations in a millisecond, a clock set back).
     */
    Path rotatedName(Instant liveStart) throws IOException {
        Instant stamp = liveStart.truncatedTo(ChronoUnit.MILLIS);
        List<Path> existing = rotated();
        if (!existing.isEmpty()) {
            String newestName = existing.get(existing.size() - 1).getFileName().toString();
            Instant newest = Instant.from(STAMP.parse(stampOf(newestName)));
            if (!stamp.isAfter(newest)) {
                stamp = newest.plusMillis(1);
            }
        }
        Path p = directory.resolve(base + "-" + STAMP.format(stamp) + EXT);
        while (Files.exists(p)) {
            stamp = stamp.plusMillis(1);
            p = directory.resolve(base + "-" + STAMP.format(stamp) + EXT);
        }
        return p;
    }

    private String stampOf(String name) {
        if (!name.startsWith(base + "-") || !name.endsWith(EXT)) {
            return null;
        }
        String stamp = name.substring(base.length() + 1, name.length() - EXT.length());
        return STAMP_PATTERN.matcher(stamp).matches() ? stamp : null;
    }
}
