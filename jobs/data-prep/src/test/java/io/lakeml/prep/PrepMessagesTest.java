package io.lakeml.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lakehouse.TableNames;
import io.lakeml.testing.RawFlights;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a dataset config does not fit its data, prep fails as DATA and says what to change in the
 * user's terms: the column, its declared type and values that failed; the label's kind; the JSON
 * reader's multiLine option. Nothing is committed to the prepared table.
 */
class PrepMessagesTest {
  @TempDir Path home;

  @Test
  void aColumnDeclaredWithTheWrongTypeNamesTheColumnTypeAndFailingValues() {
    PrepFixture f = new PrepFixture(home).source(RawFlights.good(40).toDf(new PrepFixture(home).spark))
        .set("lakeml.dataset.columns=[{ name = date, type = timestamp, role = time }, "
            + "{ name = delay, type = double, role = label }, { name = distance, type = double }, "
            + "{ name = origin, type = double }, { name = destination, type = string }]");

    assertThatThrownBy(f::run).isInstanceOf(LakemlException.class)
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("column 'origin' is declared DOUBLE but 40 of 40 rows cannot be read as DOUBLE, e.g. '")
        .hasMessageContaining("fix its type in the dataset config")
        .hasMessageNotContaining("Missing Analysis");
    assertThat(DeltaTables.exists(f.spark, Lakehouse.of(f.config())
        .tablePath(TableNames.prepared("flights")))).isFalse();
  }

  @Test
  void aBinaryLabelThatNamesClassesSaysToDeclareMulticlass() {
    PrepFixture f = new PrepFixture(home).source(RawFlights.good(30).toDf(new PrepFixture(home).spark))
        .set("lakeml.dataset.label.expr=`origin`");

    assertThatThrownBy(f::run).isInstanceOf(LakemlException.class)
        .hasMessageContaining("label 'label' (kind binary, expr `origin`) is not 0/1 in 30 of 30 rows, e.g. '")
        .hasMessageContaining("declare kind = multiclass");
  }

  @Test
  void aJsonArrayReadWithoutMultiLineSaysToSetIt() throws Exception {
    Path json = home.resolve("array.json");
    Files.writeString(json, "[\n  {\"date\": \"2001-01-01 10:00:00\", \"delay\": 3,\n   \"distance\": 100, "
        + "\"origin\": \"ORD\", \"destination\": \"ATL\"}\n]\n");
    PrepFixture f = new PrepFixture(home).set("lakeml.dataset.source.path=" + json.toUri())
        .set("lakeml.dataset.source.format=json");

    assertThatThrownBy(f::run).isInstanceOf(LakemlException.class)
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("set source.options { multiLine = true }");
    PrepResult ok = f.set("lakeml.dataset.source.options={ multiLine = \"true\" }").run();
    assertThat(ok.rowsAccepted()).isEqualTo(1);
  }
}
