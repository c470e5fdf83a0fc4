package dev.pgguard.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /holds/events} as events: NDJSON, one object per line. Lines are split as bytes ({@link LineReader})
 * and bounded, so a misbehaving server cannot make the CLI buffer without end.
 */
final class EventStream implements HoldEvents {

    private final InputStream in;
    private final LineReader lines;

    EventStream(InputStream in) {
        this.in = in;
        this.lines = new LineReader(in, CliJson.MAX_LINE_BYTES);
    }

    @Override
    public HoldEvent next() throws IOException {
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (line.tooLong()) {
                throw new IOException("an event longer than " + CliJson.MAX_LINE_BYTES / (1024 * 1024) + " MiB");
            }
            if (!line.blank()) {
                return HoldJson.event(line.bytes(), line.length());
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
