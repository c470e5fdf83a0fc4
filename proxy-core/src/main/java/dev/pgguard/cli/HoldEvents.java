package dev.pgguard.cli;

import java.io.Closeable;
import java.io.IOException;

/** A source of hold events, in the order the server sent them; {@link EventStream} reads the admin API's. */
interface HoldEvents extends Closeable {

    /** The next event, waiting for it; null when the source has ended. */
    HoldEvent next() throws IOException;
}
