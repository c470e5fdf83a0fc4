package dev.pgguard.cli.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A QR code drawn with characters, for a phone camera pointed at the terminal.
 *
 * <p>Which way round: a terminal draws a glyph in its foreground colour on its background colour, and pgguard
 * cannot know either. Most terminals people work in show light text on a dark background, so a glyph marks a
 * light module (the quiet zone included) and the terminal's background shows through as the dark ones, as
 * {@code qrencode -t UTF8} does. On a dark-on-light terminal that comes out as a negative, which some readers
 * decode and others do not; so where colours are allowed each line sets bright white on black itself, and is
 * the right way round on any background. Drawing the dark modules as glyphs instead would fail on the common
 * dark terminal whenever colours are off (piped, {@code NO_COLOR}).
 *
 * <p>Size: error correction level M (15% of the code may be lost to a glare or a crease) and a quiet zone of
 * two modules, not the specification's four: a terminal has few rows, and phone readers do with two. An
 * otpauth URI for a short account name (about 120 characters) is a version 7 code of 45 modules: with the
 * quiet zone, 49 columns and 25 lines of half blocks.
 */
public final class QrText {

    static final int QUIET_ZONE = 2;
    /** Bright white on black, the ANSI colours every terminal has; light modules are the glyphs. */
    private static final String LIGHT_ON_BLACK = "\u001b[97;40m";
    private static final String RESET = "\u001b[0m";

    private final ByteMatrix modules;

    private QrText(ByteMatrix modules) {
        this.modules = modules;
    }

    /** @throws IllegalArgumentException for a text too long for a QR code */
    public static QrText of(String text) {
        try {
            return new QrText(Encoder.encode(text, ErrorCorrectionLevel.M, hints(text)).getMatrix());
        } catch (WriterException e) {
            throw new IllegalArgumentException("a text of " + text.length() + " characters does not fit a QR code", e);
        }
    }

    /**
     * ASCII goes without a character set, read the same by every reader; anything else as UTF-8, which ZXing
     * announces with an ECI header (its default, ISO-8859-1, would lose it).
     */
    private static Map<EncodeHintType, Object> hints(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 128);
        return ascii ? Map.of() : Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
    }

    /**
     * Two modules to a character, one above the other ({@code ▀ ▄ █} and space): a terminal cell is about twice
     * as high as wide, so the modules come out square and the code half as tall as one line per module.
     *
     * @param ansiColours whether the lines may set their own colours (a terminal, colours not turned off)
     */
    public List<String> halfBlocks(boolean ansiColours) {
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < size(); y += 2) {
            StringBuilder line = new StringBuilder(ansiColours ? LIGHT_ON_BLACK : "");
            for (int x = 0; x < size(); x++) {
                // The row below the last is the terminal's background, as dark as a dark module.
                line.append(halfBlock(light(x, y), y + 1 < size() && light(x, y + 1)));
            }
            // A reset on every line: a background colour left on would bleed into the rest of the row.
            lines.add(ansiColours ? line.append(RESET).toString() : line.toString());
        }
        return lines;
    }

    /**
     * The fallback for a terminal that cannot show the block characters ({@code TERM=dumb}, an ASCII locale):
     * {@code ##} for a light module, two spaces for a dark one, one line per module row. Twice as wide as
     * {@link #halfBlocks}, and a camera reads {@code #} less surely than a solid block; the URI printed next to
     * it is the other way in.
     */
    public List<String> plain() {
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < size(); y++) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < size(); x++) {
                line.append(light(x, y) ? "##" : "  ");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static char halfBlock(boolean upper, boolean lower) {
        if (upper) {
            return lower ? '█' : '▀';
        }
        return lower ? '▄' : ' ';
    }

    /** Modules on a side, the quiet zone included. */
    private int size() {
        return modules.getWidth() + 2 * QUIET_ZONE;
    }

    /** The quiet zone is light; inside it, ZXing's matrix holds 1 for a dark module. */
    private boolean light(int x, int y) {
        int codeX = x - QUIET_ZONE;
        int codeY = y - QUIET_ZONE;
        boolean inCode = codeX >= 0 && codeX < modules.getWidth() && codeY >= 0 && codeY < modules.getHeight();
        return !inCode || modules.get(codeX, codeY) != 1;
    }
}
