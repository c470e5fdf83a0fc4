package dev.pgguard.cli.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every drawing is read back as a camera would: the characters turned into modules, then ZXing's reader. */
class QrTextTest {

    private static final String URI = "otpauth://totp/pgguard:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=pgguard&algorithm=SHA1&digits=6&period=30";

    @Test
    void halfBlocksReadBack() throws Exception {
        assertEquals(URI, read(halfBlockModules(QrText.of(URI).halfBlocks(false))));
    }

    @Test
    void colouredHalfBlocksReadBackAndSetTheirColoursOnEveryLine() throws Exception {
        List<String> lines = QrText.of(URI).halfBlocks(true);
        for (String line : lines) {
            assertTrue(line.startsWith("\u001b[97;40m") && line.endsWith("\u001b[0m"), line);
        }
        assertEquals(URI, read(halfBlockModules(lines)));
    }

    @Test
    void plainReadsBack() throws Exception {
        assertEquals(URI, read(plainModules(QrText.of(URI).plain())));
    }

    @Test
    void anOtpauthUriIsVersion7In25Lines() {
        List<String> lines = QrText.of(URI).halfBlocks(false);
        // Version 7 (45 modules) and the quiet zone either side; the last row pairs with the background.
        assertEquals(45 + 2 * QrText.QUIET_ZONE, lines.get(0).length());
        assertEquals(25, lines.size());
        assertEquals("█".repeat(49), lines.get(0));
        assertEquals("▀".repeat(49), lines.get(lines.size() - 1));
    }

    @Test
    void nonAsciiTextReadsBackAsUtf8() throws Exception {
        String text = "otpauth://totp/pgguard:Zoë ✓";
        assertEquals(text, read(halfBlockModules(QrText.of(text).halfBlocks(false))));
    }

    @Test
    void tooLongATextIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QrText.of("x".repeat(3000)));
        assertEquals("a text of 3000 characters does not fit a QR code", e.getMessage());
    }

    /** Without PURE_BARCODE: the reader has to find the code inside the dark margin, as from a photo. */
    private static String read(BitMatrix modules) throws NotFoundException, ChecksumException, FormatException {
        QrModulesSource image = new QrModulesSource(modules, 4, 3);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(image))).getText();
    }

    /** Set bits are dark modules: where no glyph covers the terminal's (dark) background. */
    private static BitMatrix halfBlockModules(List<String> lines) {
        List<String> text = lines.stream().map(line -> line.replaceAll("\u001b\\[[0-9;]*m", "")).toList();
        int width = text.get(0).length();
        BitMatrix modules = new BitMatrix(width, 2 * text.size());
        for (int row = 0; row < text.size(); row++) {
            assertEquals(width, text.get(row).length(), "line " + row);
            for (int x = 0; x < width; x++) {
                char c = text.get(row).charAt(x);
                boolean upperLight = c == '█' || c == '▀';
                boolean lowerLight = c == '█' || c == '▄';
                assertTrue(upperLight || lowerLight || c == ' ', "unexpected '" + c + "'");
                if (!upperLight) {
                    modules.set(x, 2 * row);
                }
                if (!lowerLight) {
                    modules.set(x, 2 * row + 1);
                }
            }
        }
        return modules;
    }

    private static BitMatrix plainModules(List<String> lines) {
        int width = lines.get(0).length() / 2;
        BitMatrix modules = new BitMatrix(width, lines.size());
        for (int y = 0; y < lines.size(); y++) {
            assertEquals(2 * width, lines.get(y).length(), "line " + y);
            for (int x = 0; x < width; x++) {
                String module = lines.get(y).substring(2 * x, 2 * x + 2);
                assertTrue(module.equals("##") || module.equals("  "), "unexpected '" + module + "'");
                if (module.equals("  ")) {
                    modules.set(x, y);
                }
            }
        }
        return modules;
    }
}
