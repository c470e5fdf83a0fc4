package dev.pgguard.cli;

import dev.pgguard.config.Units;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}: a time ago ({@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}) or an RFC 3339 UTC time
 * ({@code 2026-11-25T10:00:00Z}, the form of the records' own {@code time}).
 *
 * @param ago how long ago, or null
 * @param at  the time itself, or null
 */
record AuditSince(Duration ago, Instant at) {

    Instant from(Clock clock) {
        return at != null ? at : clock.instant().minus(ago);
    }

    /** A duration in the configuration's own syntax ({@link Units#duration}: 30s, 10m, 1h, 2d), or a UTC time. */
    static AuditSince parse(String text) {
        try {
            return new AuditSince(Units.duration(text.strip()), null);
        } catch (IllegalArgumentException notADuration) {
            // then it must be a time
        }
        try {
            return new AuditSince(null, Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since takes a duration (30s, 10m, 1h, 2d) or a UTC time "
                    + "(2026-11-25T10:00:00Z), not '" + Text.printable(text) + "'");
        }
    }

    static final class Converter implements ITypeConverter<AuditSince> {
        @Override
        public AuditSince convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
