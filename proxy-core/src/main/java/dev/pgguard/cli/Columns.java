package dev.pgguard.cli;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rows of cells as aligned columns for a terminal, the first row the header: each column as wide as its widest
 * cell (in code points), two spaces between columns. The last column is not padded, so a long last cell wraps at
 * the terminal's edge instead of pushing the others apart.
 */
final class Columns {

    private Columns() {
    }

    static String render(List<List<String>> rows) {
        return render(rows, UnaryOperator.identity());
    }

    /** @param paintHeader what the header line is painted with ({@link Ansi#bold}) */
    static String render(List<List<String>> rows, UnaryOperator<String> paintHeader) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(row.get(c));
                if (c < row.size() - 1) {
                    line.append(" ".repeat(widths[c] - width(row.get(c)) + 2));
                }
            }
            out.append(r == 0 ? paintHeader.apply(line.toString()) : line).append('\n');
        }
        return out.toString();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
