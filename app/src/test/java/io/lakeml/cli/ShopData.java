package io.lakeml.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A small shop's orders, the good table the bad inputs are made from: 800 orders over four days
 * (2026-03-01 to 03-04) in a CSV with a key whose name has a space, a date, two numbers, a category
 * and a binary label (returns rise with the amount and on the web).
 */
final class ShopData {
  static final String HEADER = "order id,ordered on,amount,items,channel,returned";
  static final String FIRST = "2026-03-01";
  static final String LAST = "2026-03-03";
  static final String SCORE_DAY = "2026-03-04";

  private ShopData() {}

  /** The header and every order, one CSV line each. */
  static List<String> lines() {
    Random random = new Random(5);
    List<String> lines = new ArrayList<>(List.of(HEADER));
    String[] channels = {"web", "app", "store"};
    for (int i = 0; i < 800; i++) {
      double amount = 5 + 195 * random.nextDouble();
      int items = 1 + random.nextInt(6);
      String channel = channels[i % 3];
      double risk = amount / 100 + (channel.equals("web") ? 0.7 : 0) - 1.3 + 0.5 * random.nextGaussian();
      lines.add(String.format(Locale.ROOT, "o-%04d,2026-03-%02d,%.2f,%d,%s,%d", i, 1 + i % 4, amount, items, channel,
          risk > 0 ? 1 : 0));
    }
    return lines;
  }

  /** The orders with {@code change} applied to every data line (not the header). */
  static List<String> lines(UnaryOperator<String> change) {
    List<String> lines = lines();
    List<String> changed = new ArrayList<>(List.of(lines.get(0)));
    lines.subList(1, lines.size()).forEach(l -> changed.add(change.apply(l)));
    return changed;
  }

  /** Writes {@code lines} to {@code file} (its folders created); returns the file. */
  static Path write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dataset config, reading {@code source}, with small and fast training settings. */
  static String conf(Path source) {
    return """
        lakeml.dataset {
          name = shop
          source { path = "%s", format = csv }
          key-columns = ["order id"]
          event-time = "ordered on"
          columns = [
            { name = "order id", type = string }
            { name = "ordered on", type = date, role = time }
            { name = amount, type = double, min = 0 }
            { name = items, type = int, min = 1, max = 50 }
            { name = channel, type = string }
            { name = returned, type = int, role = label }
          ]
          label { name = label, expr = "`returned`", kind = binary }
          features { numeric = [amount, items], categorical = [channel] }
          train { from = "%s", to = "%s" }
        }
        lakeml.lakehouse.root = lakehouse
        lakeml.train.network { hidden = [8], epochs = 6, patience = 2, batch-size = 16, learning-rate = 0.01 }
        lakeml.evaluate.baseline.models = []
        """.formatted(source, FIRST, LAST);
  }
}
