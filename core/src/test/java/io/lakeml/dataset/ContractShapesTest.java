package io.lakeml.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.testing.SparkTestSession;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on rows of other shapes: a nullable event time (its null rows have no date), dates
 * written as text in a declared format, no event time (the processing date), and labels that do
 * not fit their declared kind, each flagged with its own reason code.
 */
class ContractShapesTest {
  @TempDir Path home;
  final SparkSession spark = SparkTestSession.get();

  DatasetConfig dataset(String eventTime, String kind, String labelExpr) {
    return TestConfigs.loader(home, """
        lakeml.dataset {
          name = shapes
          source { path = "raw", format = csv }
          %s
          columns = [
            { name = "Seen On", type = date, format = "MMM dd yyyy", nullable = true, role = time }
            { name = "Size (cm)", type = double, nullable = true }
            { name = kind, type = string, nullable = true, role = label }
          ]
          label { name = label, expr = "%s", kind = %s }
          features { numeric = ["Size (cm)"] }
        }
        """.formatted(eventTime, labelExpr, kind)).load().requireDataset();
  }

  Dataset<Row> raw() {
    return spark.sql("SELECT * FROM VALUES "
        + "('Jun 12 1998', '1.5', 'circle'), "
        + "(NULL, '2.0', 'square'), "
        + "('12/06/1998', '3.0', '1'), "
        + "('Jan 02 2001', '4.0', NULL) "
        + "AS t(`Seen On`, `Size (cm)`, kind)");
  }

  List<Row> contracted(DatasetConfig d) {
    Dataset<Row> typed = SchemaContract.forTraining(d).processing(LocalDate.of(2026, 3, 1)).apply(raw(), "raw");
    return DerivedColumns.withLabel(typed, d).select("`Seen On`", "event_date", "label", "_violation.code")
        .collectAsList();
  }

  @Test
  void aNullableEventTimeFlagsItsNullRowsAndADeclaredFormatParsesText() {
    List<Row> rows = contracted(dataset("event-time = \"Seen On\"", "multiclass", "`kind`"));

    assertThat(rows.get(0).get(0).toString()).isEqualTo("1998-06-12");
    assertThat(rows.get(0).get(1).toString()).isEqualTo("1998-06-12");
    assertThat(rows.get(0).getString(3)).isNull();
    assertThat(rows.get(1).getString(3)).isEqualTo(ViolationCode.NO_EVENT_TIME.name());
    assertThat(rows.get(2).getString(3)).isEqualTo(ViolationCode.UNPARSEABLE.name()); // not in the declared format
  }

  @Test
  void withoutAnEventTimeEveryRowHasTheProcessingDate() {
    List<Row> rows = contracted(dataset("", "multiclass", "`kind`"));

    assertThat(rows).extracting(r -> r.get(1).toString()).containsOnly("2026-03-01");
    assertThat(rows.get(1).getString(3)).isNull(); // a null date is only a null feature now
  }

  @Test
  void aMulticlassLabelIsTextAndANullLabelIsMissing() {
    List<Row> rows = contracted(dataset("", "multiclass", "`kind`"));

    assertThat(rows.get(0).getString(2)).isEqualTo("circle");
    assertThat(rows.get(2).getString(2)).isEqualTo("1");
    assertThat(rows.get(3).getString(3)).isEqualTo(ViolationCode.LABEL_MISSING.name());
  }

  @Test
  void aBinaryLabelThatIsNotZeroOrOneIsInvalid() {
    List<Row> rows = contracted(dataset("", "binary", "`kind`"));

    assertThat(rows.get(0).getString(3)).isEqualTo(ViolationCode.LABEL_INVALID.name()); // 'circle'
    assertThat(rows.get(2).getInt(2)).isEqualTo(1); // '1' reads as class 1
    assertThat(rows.get(2).getString(3)).isEqualTo(ViolationCode.UNPARSEABLE.name()); // its date, not its label
    assertThat(contracted(dataset("", "binary", "`Size (cm)` > 2")).get(0).getInt(2)).isZero(); // a condition
  }

  @Test
  void aRegressionLabelMustBeAFiniteNumber() {
    List<Row> rows = contracted(dataset("", "regression", "`kind`"));

    assertThat(rows.get(0).getString(3)).isEqualTo(ViolationCode.LABEL_INVALID.name());
    assertThat(rows.get(2).getDouble(2)).isEqualTo(1.0);
  }
}
