package dev.pgguard.cli.qr;

import com.google.zxing.LuminanceSource;
import com.google.zxing.common.BitMatrix;

/**
 * What a camera sees of a code printed on a dark terminal: each module a square of {@code scale} pixels, black
 * or white, with a margin of dark terminal background all round. Set bits of the matrix are dark modules.
 */
final class QrModulesSource extends LuminanceSource {

    private static final byte DARK = 0;
    private static final byte LIGHT = (byte) 255;

    private final BitMatrix modules;
    private final int scale;
    private final int margin;

    QrModulesSource(BitMatrix modules, int scale, int marginModules) {
        super((modules.getWidth() + 2 * marginModules) * scale, (modules.getHeight() + 2 * marginModules) * scale);
        this.modules = modules;
        this.scale = scale;
        this.margin = marginModules;
    }

    @Override
    public byte[] getRow(int y, byte[] row) {
        byte[] out = row != null && row.length >= getWidth() ? row : new byte[getWidth()];
        for (int x = 0; x < getWidth(); x++) {
            out[x] = pixel(x, y);
        }
        return out;
    }

    @Override
    public byte[] getMatrix() {
        byte[] matrix = new byte[getWidth() * getHeight()];
        for (int y = 0; y < getHeight(); y++) {
            System.arraycopy(getRow(y, null), 0, matrix, y * getWidth(), getWidth());
        }
        return matrix;
    }

    private byte pixel(int x, int y) {
        int mx = x / scale - margin;
        int my = y / scale - margin;
        boolean inside = mx >= 0 && mx < modules.getWidth() && my >= 0 && my < modules.getHeight();
        return !inside || modules.get(mx, my) ? DARK : LIGHT;
    }
}
