package io.lakeml.internal.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints up to {@code limit} rows of a result; only those rows reach the driver. */
public final class ResultPrinter {
  private static final int MAX_CELL = 80;

  private ResultPrinter() {}

  public static void print(Dataset<Row> result, OutputFormat format, int limit, PrintWriter out) {
    switch (format) {
      case JSON -> result.limit(limit).toJSON().collectAsList().forEach(out::println);
      case CSV -> printCsv(result, limit, out);
      case TABLE -> printTable(result, limit, out);
    }
    out.flush();
  }

  private static void printCsv(Dataset<Row> result, int limit, PrintWriter out) {
    out.println(String.join(",", csv(List.of(result.columns()))));
    for (Row row : result.limit(limit).collectAsList()) {
      out.println(String.join(",", csv(cells(row, Integer.MAX_VALUE))));
    }
  }

  private static void printTable(Dataset<Row> result, int limit, PrintWriter out) {
    List<Row> rows = result.limit(limit + 1).collectAsList();
    List<String> header = List.of(result.columns());
    List<List<String>> body = new ArrayList<>();
    rows.stream().limit(limit).forEach(r -> body.add(cells(r, MAX_CELL)));
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> line : body) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    String rule = rule(width);
    out.println(rule);
    out.println(line(header, width));
    out.println(rule);
    body.forEach(l -> out.println(line(l, width)));
    out.println(rule);
    out.printf("%d row%s%s%n", body.size(), body.size() == 1 ? "" : "s",
        rows.size() > limit ? " (more not shown: raise --limit)" : "");
  }

  private static List<String> cells(Row row, int maxWidth) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      String s = row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i));
      cells.add(s.length() > maxWidth ? s.substring(0, maxWidth - 3) + "..." : s);
    }
    return cells;
  }

  private static List<String> csv(List<String> cells) {
    return cells.stream()
        .map(c -> c.contains(",") || c.contains("\"") || c.contains("\n")
            ? "\"" + c.replace("\"", "\"\"") + "\"" : c)
        .toList();
  }

  private static String rule(int[] width) {
    StringBuilder b = new StringBuilder("+");
    for (int w : width) {
      b.append("-".repeat(w + 2)).append('+');
    }
    return b.toString();
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < width.length; i++) {
      b.append(' ').append(String.format("%-" + width[i] + "s", cells.get(i))).append(" |");
    }
    return b.toString();
  }
}
