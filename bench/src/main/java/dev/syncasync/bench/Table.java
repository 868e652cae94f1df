package dev.syncasync.bench;

import java.util.ArrayList;
import java.util.List;

/** A small table that prints aligned for a terminal, or as Markdown for the docs. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        if (cells.length != rows.get(0).length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
                    + rows.get(0).length + " columns");
        }
        rows.add(cells);
        return this;
    }

    /** Columns padded to their widest cell, the first left-aligned, the others right-aligned. */
    String plain() {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? row[c] + pad : pad + row[c]).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A GitHub-flavoured Markdown table, numbers right-aligned. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        String[] header = rows.get(0);
        out.append(line(header));
        StringBuilder rule = new StringBuilder("|");
        for (int c = 0; c < header.length; c++) {
            rule.append(c == 0 ? " --- |" : " ---: |");
        }
        out.append(rule).append('\n');
        rows.stream().skip(1).forEach(row -> out.append(line(row)));
        return out.toString();
    }

    private static String line(String[] cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
