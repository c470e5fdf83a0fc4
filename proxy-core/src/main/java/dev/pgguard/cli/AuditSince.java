package dev.pgguard.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since}: a time ago ({@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}) or an RFC 3339 UTC time
 * ({@code 2026-11-25T10:00:00Z}, the form of the records' own {@code time}).
 *
 * @param ago how long ago, or null
 * @param at  the time itself, or null
 */
record AuditSince(Duration ago, Instant at) {

    private static final Pattern AGO = Pattern.compile("([0-9]{1,9})(s|m|h|d)");

    Instant from(Clock clock) {
        return at != null ? at : clock.instant().minus(ago);
    }

    static AuditSince parse(String text) {
        Matcher m = AGO.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration ago = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new AuditSince(ago, null);
        }
        try {
            return new AuditSince(null, Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since takes a duration (30s, 10m, 1h, 2d) or a UTC time "
                    + "(2026-11-25T10:00:00Z), not '" + CheckReport.printable(text) + "'");
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
