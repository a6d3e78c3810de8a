package io.lakeml.cli;

import static io.lakeml.cli.BadInputCatalogueTest.lakehouseOf;
import static io.lakeml.cli.ShopData.FIRST;
import static io.lakeml.cli.ShopData.LAST;
import static io.lakeml.cli.ShopData.SCORE_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The catalogue's entries, in the order of the pipeline: prep, train, evaluate, registry, score,
 * config. They start from version 1 in production and version 2 in staging.
 */
final class BadInputs {
  private BadInputs() {}

  static List<BadInput> catalogue(BadInputCatalogueTest t) {
    List<BadInput> all = new ArrayList<>();
    all.addAll(prep(t));
    all.addAll(train(t));
    all.addAll(evaluate(t));
    all.addAll(registry(t));
    all.addAll(score(t));
    all.addAll(config(t));
    return all;
  }

  /** The catalogue as the docs show it. */
  static String markdown(List<BadInput> catalogue) {
    StringBuilder md = new StringBuilder("| # | job | bad input | exit | lakeml says (part of it) | and leaves |\n"
        + "|---|---|---|---|---|---|\n");
    for (int i = 0; i < catalogue.size(); i++) {
      BadInput b = catalogue.get(i);
      md.append("| ").append(i + 1).append(" | ").append(b.job()).append(" | ").append(b.input()).append(" | ")
          .append(b.outcome()).append(" | `").append(b.says().replace("|", "\\|")).append("` | ").append(b.leaves())
          .append(" |\n");
    }
    return md.toString();
  }

  private static final String NOTHING = "nothing committed";

  // ---- prep ----

  private static List<BadInput> prep(BadInputCatalogueTest t) {
    Path corrupt = t.place("corrupt footer").resolve("orders");
    Path cut = t.place("cut line").resolve("shop.csv");
    Path text = t.place("text in a number").resolve("shop.csv");
    Path nan = t.place("nan").resolve("shop.csv");
    Path noDate = t.place("no date").resolve("shop.csv");
    Path twice = t.place("duplicate key").resolve("shop.csv");
    Path extra = t.place("extra column").resolve("shop.csv");
    Path missing = t.place("missing column").resolve("shop.csv");
    Path header = t.place("header only").resolve("shop.csv");
    Path empty = t.place("zero bytes").resolve("shop.csv");
    Path absent = t.place("absent").resolve("no such file.csv");
    Path dangling = t.place("dangling link").resolve("orders");
    Path spaces = t.place("a folder with spaces").resolve("my orders.csv");
    Path yesNo = t.place("yes no").resolve("shop.csv");
    Path negative = t.place("negative").resolve("shop.csv");
    return List.of(
        new BadInput("prep", "a Parquet file whose footer is corrupt", 3, "is not a readable Parquet file", NOTHING,
            () -> {
              t.spark.read().option("header", true).option("inferSchema", true).csv(t.sharedSource().toString())
                  .repartition(2).write().parquet(corrupt.toString());
              damageFooter(parquetFiles(corrupt).get(0));
              return t.prepFrom(corrupt, "--set", "lakeml.dataset.source.format=parquet");
            },
            () -> assertThat(t.rows(lakehouseOf(corrupt), "prepared_shop")).isZero()),
        new BadInput("prep", "a CSV whose last line is cut off in the middle", 0, "quarantined 1",
            "the cut row in quarantine, the others prepared", () -> {
              List<String> lines = new ArrayList<>(ShopData.lines().subList(0, 800)); // the last order is of 03-03
              String last = lines.remove(lines.size() - 1);
              lines.add(last.substring(0, last.indexOf(',', 20) + 2));
              return t.prepFrom(ShopData.write(cut, lines));
            },
            () -> {
              assertThat(t.rows(lakehouseOf(cut), "quarantine_shop")).isEqualTo(1);
              assertThat(t.rows(lakehouseOf(cut), "prepared_shop")).isEqualTo(599);
            }),
        new BadInput("prep", "text in a column declared double (`n/a` in every row)", 3,
            "column 'amount' is declared DOUBLE but", NOTHING,
            () -> t.prepFrom(ShopData.write(text, ShopData.lines(l -> replaceField(l, 2, "n/a")))),
            () -> assertThat(t.rows(lakehouseOf(text), "prepared_shop")).isZero()),
        new BadInput("prep", "NaN and Infinity in a numeric feature (3 rows)", 0, "quarantined 3",
            "the 3 rows in quarantine (NOT_FINITE)", () -> {
              List<String> lines = ShopData.lines();
              lines.set(1, replaceField(lines.get(1), 2, "NaN"));
              lines.set(2, replaceField(lines.get(2), 2, "Infinity"));
              lines.set(3, replaceField(lines.get(3), 2, "-Infinity"));
              return t.prepFrom(ShopData.write(nan, lines));
            },
            () -> assertThat(t.rows(lakehouseOf(nan), "quarantine_shop")).isEqualTo(3)),
        new BadInput("prep", "an event date that does not exist (`2026-02-30`), all dates prepared", 0, "quarantined 1",
            "the row in quarantine (UNPARSEABLE): it belongs to no date", () -> {
              List<String> lines = ShopData.lines();
              lines.set(5, replaceField(lines.get(5), 1, "2026-02-30"));
              ShopData.write(noDate, lines);
              return t.lakeml("prep", "--set", "lakeml.dataset.source.path=" + noDate,
                  "--set", "lakeml.lakehouse.root=" + lakehouseOf(noDate));
            },
            () -> assertThat(t.rows(lakehouseOf(noDate), "quarantine_shop")).isEqualTo(1)),
        new BadInput("prep", "a declared key that repeats (`order id` twice)", 3, "key [order id] is unique: FAILED", NOTHING, () -> {
              List<String> lines = ShopData.lines();
              lines.add(lines.get(1));
              return t.prepFrom(ShopData.write(twice, lines));
            },
            () -> assertThat(t.rows(lakehouseOf(twice), "prepared_shop")).isZero()),
        new BadInput("prep", "a column the config does not declare, with `extra-columns = fail`", 3, "coupon", NOTHING,
            () -> {
              List<String> lines = ShopData.lines(l -> l + ",none");
              lines.set(0, ShopData.HEADER + ",coupon");
              return t.prepFrom(ShopData.write(extra, lines), "--set", "lakeml.dataset.extra-columns=fail");
            },
            () -> assertThat(t.rows(lakehouseOf(extra), "prepared_shop")).isZero()),
        new BadInput("prep", "a declared column missing from the source (`channel`)", 3, "column 'channel' not found", NOTHING,
            () -> t.prepFrom(ShopData.write(missing, withoutField(ShopData.lines(), 4))),
            () -> assertThat(t.rows(lakehouseOf(missing), "prepared_shop")).isZero()),
        new BadInput("prep", "a CSV with its header and no rows", 3, "the input has rows: FAILED", NOTHING,
            () -> t.prepFrom(ShopData.write(header, List.of(ShopData.HEADER))),
            () -> assertThat(t.rows(lakehouseOf(header), "prepared_shop")).isZero()),
        new BadInput("prep", "a 0-byte file", 3, "are empty (0 bytes", NOTHING,
            () -> t.prepFrom(ShopData.write(empty, List.of())),
            () -> assertThat(t.rows(lakehouseOf(empty), "prepared_shop")).isZero()),
        new BadInput("prep", "a source path that does not exist", 3, "no such file.csv", NOTHING,
            () -> {
              Files.createDirectories(absent.getParent());
              return t.prepFrom(absent);
            },
            () -> assertThat(t.rows(lakehouseOf(absent), "prepared_shop")).isZero()),
        new BadInput("prep", "a file in the source folder that cannot be read (a dangling link)", 3, "gone.csv, which does not exist", NOTHING,
            () -> {
              ShopData.write(dangling.resolve("part-1.csv"), ShopData.lines());
              Files.createSymbolicLink(dangling.resolve("part-2.csv"), dangling.resolve("gone.csv"));
              return t.prepFrom(dangling);
            },
            () -> assertThat(t.rows(lakehouseOf(dangling), "prepared_shop")).isZero()),
        new BadInput("prep", "a source path with spaces", 0, "rows read 600 = accepted 600", "the rows prepared",
            () -> t.prepFrom(ShopData.write(spaces, ShopData.lines())),
            () -> assertThat(t.rows(lakehouseOf(spaces), "prepared_shop")).isEqualTo(600)),
        new BadInput("prep", "a binary label written as `yes`/`no`", 3, "cannot be read as INT, e.g. 'no', 'yes'", NOTHING,
            () -> t.prepFrom(ShopData.write(yesNo, ShopData.lines(l -> l.endsWith("1") ? l.substring(0, l.length() - 1)
                + "yes" : l.substring(0, l.length() - 1) + "no"))),
            () -> assertThat(t.rows(lakehouseOf(yesNo), "prepared_shop")).isZero()),
        new BadInput("prep", "a fifth of the rows breaking a rule (negative amounts)", 3, "What the rejected rows say",
            "nothing committed; the rejected rows in quarantine", () -> {
              List<String> lines = ShopData.lines();
              for (int i = 1; i < lines.size(); i += 5) {
                lines.set(i, replaceField(lines.get(i), 2, "-1.0"));
              }
              return t.prepFrom(ShopData.write(negative, lines));
            },
            () -> {
              assertThat(t.rows(lakehouseOf(negative), "prepared_shop")).isZero();
              assertThat(t.rows(lakehouseOf(negative), "quarantine_shop")).isEqualTo(120);
            }));
  }

  // ---- train ----

  private static List<BadInput> train(BadInputCatalogueTest t) {
    Path nothing = t.place("nothing prepared").resolve("lakehouse");
    Path oneClass = t.place("one class").resolve("shop.csv");
    return List.of(
        new BadInput("train", "nothing prepared yet", 2, "Run 'lakeml prep' first", "no version",
            () -> t.lakeml("train", "--set", "lakeml.lakehouse.root=" + nothing),
            () -> assertThat(t.rows(nothing, "model_versions")).isZero()),
        new BadInput("train", "a training window without rows (2030)", 3, "is empty. Widen lakeml.train.from/to", "no version", () -> t.lakeml(
                "train", "--set", "lakeml.dataset.train.from=2030-01-01", "--set", "lakeml.dataset.train.to=2030-01-31"),
            () -> assertThat(t.rows(t.sharedLakehouse(), "model_versions")).isEqualTo(2)),
        new BadInput("train", "a label with one class in the window", 3, "a classifier needs at least two classes", "no version", () -> {
              assertThat(t.prepFrom(ShopData.write(oneClass, ShopData.lines(l -> l.substring(0, l.length() - 1) + "0"))))
                  .as(t.said).isZero();
              return t.lakeml("train", "--set", "lakeml.lakehouse.root=" + lakehouseOf(oneClass));
            },
            () -> assertThat(t.rows(lakehouseOf(oneClass), "model_versions")).isZero()),
        new BadInput("train", "a negative learning rate", 2, "learning-rate", "no version",
            () -> t.lakeml("train", "--set", "lakeml.train.network.learning-rate=-0.1"), BadInput.NOTHING_MORE));
  }

  // ---- evaluate ----

  private static List<BadInput> evaluate(BadInputCatalogueTest t) {
    return List.of(
        new BadInput("evaluate", "a version that does not exist (`--model-version 9`)", 2, "has no version 9",
            "the registry unchanged", () -> t.lakeml("evaluate", "--model-version", "9"), BadInput.NOTHING_MORE),
        new BadInput("evaluate", "nothing trained yet: no version to evaluate", 2, "has no dev version",
            "nothing written", () -> t.lakeml("evaluate", "--set", "lakeml.lakehouse.root=" + t.place("nothing-trained")),
            BadInput.NOTHING_MORE));
  }

  // ---- score ----

  private static List<BadInput> score(BadInputCatalogueTest t) {
    Path lost = t.place("lost column").resolve("shop.csv");
    Path[] damaged = new Path[1];
    return List.of(
        new BadInput("score", "a date that is no date (`--date 2026-02-30`)", 2, "Invalid date 'FEBRUARY 30'", NOTHING,
            () -> t.lakeml("score", "--date", "2026-02-30"), BadInput.NOTHING_MORE),
        new BadInput("score", "a date the source has no rows for", 3, "has no rows for 2026-05-01", NOTHING,
            () -> t.lakeml("score", "--date", "2026-05-01"), BadInput.NOTHING_MORE),
        new BadInput("score", "the production model's artefact with one byte changed", 0, "is corrupt: the file system's own checksum fails",
            "the date scored by the previous production version (`fallback` = true) and an alert", () -> {
              t.ok("registry", "promote", "--model-version", "2", "--to", "production", "--approved-by", "qa",
                  "--reason", "test");
              Path dir = Path.of(new org.apache.hadoop.fs.Path((String) t.sql(
                  "SELECT artefact_uri FROM delta.`{t}/model_versions` WHERE version = 2")).toUri());
              try (Stream<Path> files = Files.walk(dir)) {
                damaged[0] = files.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
              }
              BadInputCatalogueTest.flipAByte(damaged[0]);
              try {
                return t.lakeml("score", "--date", SCORE_DAY);
              } finally {
                BadInputCatalogueTest.flipAByte(damaged[0]);
              }
            },
            () -> {
              assertThat(t.sql("SELECT concat_ws(',', collect_set(model_version), collect_set(fallback)) FROM "
                  + "delta.`{t}/scored_shop` WHERE score_date = '" + SCORE_DAY + "'")).isEqualTo("1,true");
              assertThat((Long) t.sql("SELECT count(*) FROM delta.`{t}/alerts` WHERE message LIKE '%checksum%'")).isPositive();
            }),
        new BadInput("score", "a source that lost a feature column (`channel`)", 3, "column 'channel' not found", NOTHING,
            () -> t.lakeml("score", "--date", SCORE_DAY,
                "--set", "lakeml.dataset.source.path=" + ShopData.write(lost, withoutField(ShopData.lines(), 4))),
            BadInput.NOTHING_MORE),
        new BadInput("score", "a model version that does not exist (`--model-version 9`)", 2, "has no version 9", NOTHING,
            () -> t.lakeml("score", "--date", SCORE_DAY, "--model-version", "9"), BadInput.NOTHING_MORE));
  }

  // ---- registry ----

  private static List<BadInput> registry(BadInputCatalogueTest t) {
    String versions = "delta.`" + t.sharedLakehouse().resolve("tables/model_versions") + "`";
    long[] before = new long[1];
    return List.of(
        new BadInput("registry", "a stage edited by hand in `model_versions` (a staging version set to production)", 3,
            "disagrees with its event log", "nothing served until the edit is undone", () -> {
              before[0] = t.spark.sql("DESCRIBE HISTORY " + versions).count() - 1;
              t.spark.sql("UPDATE " + versions + " SET stage = 'production' WHERE version = 2");
              return t.lakeml("score", "--date", SCORE_DAY);
            },
            () -> {
              t.spark.sql("RESTORE TABLE " + versions + " TO VERSION AS OF " + before[0]);
              t.ok("score", "--date", SCORE_DAY);
            }),
        new BadInput("registry", "promote a version that does not exist", 2, "has no version 9", "the registry unchanged",
            () -> t.lakeml("registry", "promote", "--model-version", "9", "--to", "production", "--approved-by", "qa",
                "--reason", "test"), BadInput.NOTHING_MORE),
        new BadInput("registry", "promote to production without `--approved-by`", 2, "--approved-by", "the registry unchanged",
            () -> t.lakeml("registry", "promote", "--model-version", "2", "--to", "production", "--reason", "test"),
            () -> assertThat(t.sql("SELECT stage FROM delta.`{t}/model_versions` WHERE version = 2")).isEqualTo("staging")),
        new BadInput("registry", "a stage that does not exist (`--to prod`)", 2, "must be production or archived", "the registry unchanged",
            () -> t.lakeml("registry", "promote", "--model-version", "2", "--to", "prod", "--approved-by", "qa",
                "--reason", "test"), BadInput.NOTHING_MORE),
        new BadInput("registry", "rollback with no production version", 2, "no production version", "the registry unchanged",
            () -> t.lakeml("registry", "rollback", "--reason", "test", "--set",
                "lakeml.lakehouse.root=" + t.place("empty registry")), BadInput.NOTHING_MORE));
  }

  // ---- config ----

  private static List<BadInput> config(BadInputCatalogueTest t) {
    return List.of(
        new BadInput("any", "an unknown `--set` key (a typo)", 2, "did you mean 'lakeml.train.network.epochs'?", NOTHING,
            () -> t.lakeml("train", "--set", "lakeml.train.network.epoch=3"), BadInput.NOTHING_MORE),
        new BadInput("any", "a value of the wrong type (`epochs = many`)", 2, "must be an integer", NOTHING,
            () -> t.lakeml("train", "--set", "lakeml.train.network.epochs=many"), BadInput.NOTHING_MORE),
        new BadInput("any", "a config file that does not exist", 2, "no-such.conf does not exist", NOTHING,
            () -> t.lakeml("prep", "--conf", t.place("config").resolve("no-such.conf").toString()), BadInput.NOTHING_MORE),
        new BadInput("any", "a secret as a plain config value", 2, "holds a secret as plain text", "the value in no output",
            () -> t.lakeml("prep", "--set", "lakeml.monitor.webhook.secret=hunter2-not-here"),
            () -> assertThat(t.said).doesNotContain("hunter2-not-here")));
  }

  // ---- making bad data ----

  private static String replaceField(String line, int field, String value) {
    String[] f = line.split(",", -1);
    f[field] = value;
    return String.join(",", f);
  }

  private static List<String> withoutField(List<String> lines, int field) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      List<String> f = new ArrayList<>(List.of(line.split(",", -1)));
      f.remove(field);
      out.add(String.join(",", f));
    }
    return out;
  }

  private static List<Path> parquetFiles(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  /** Overwrites the footer's length (the 4 bytes before the closing magic) with nonsense. */
  private static void damageFooter(Path file) throws java.io.IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f, 0x7f}), channel.size() - 8);
    }
  }
}
