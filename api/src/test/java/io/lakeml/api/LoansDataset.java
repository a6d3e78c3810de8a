package io.lakeml.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * A table lakeml has never seen: 900 loans in a CSV with a column name holding a space, no date and
 * a binary label (default risk rises with the debt ratio and falls with income; one row has a
 * negative income, which prep quarantines).
 */
final class LoansDataset {
  private LoansDataset() {}

  /** Writes the CSV to {@code file}. */
  static Path csv(Path file) throws IOException {
    Random random = new Random(11);
    StringBuilder csv = new StringBuilder("income,debt ratio,region,defaulted\n");
    String[] regions = {"north", "south", "east", "west"};
    for (int i = 0; i < 900; i++) {
      double income = 20 + 80 * random.nextDouble();
      double debt = random.nextDouble();
      double risk = 3 * debt - income / 40 + 0.5 * random.nextGaussian();
      csv.append(String.format(Locale.ROOT, "%.2f,%.3f,%s,%d%n", i == 7 ? -1.0 : income, debt, regions[i % 4],
          risk > 0 ? 1 : 0));
    }
    return Files.writeString(file, csv);
  }

  /** Writes {@code home}/loans.conf, the dataset read from {@code source}. */
  static Path conf(Path home, String source) throws IOException {
    return Files.writeString(home.resolve("loans.conf"), """
        lakeml.dataset {
          name = loans
          source { path = "%s", format = csv }
          columns = [
            { name = income, type = double, min = 0 }
            { name = "debt ratio", type = double, min = 0, max = 1 }
            { name = region, type = string }
            { name = defaulted, type = int, role = label }
          ]
          label { name = label, expr = "`defaulted`", kind = binary }
          features { numeric = [income, "debt ratio"], categorical = [region] }
        }
        """.formatted(source));
  }
}
