package io.lakeml.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's own contract; the whole pipeline through the API alone runs in {@link ObjectStorageTest}
 * (on a lakehouse in a bucket).
 */
class LakemlApiTest {
  @TempDir Path home;

  @Test
  void aBadSettingIsAUserErrorWhenBuilt() throws IOException {
    assertThatThrownBy(() -> Lakeml.builder().home(home).configFile(loans()).set("lakeml.score.writer", "fast")
        .spark(SparkTestSession.get()).build())
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining("lakeml.score.writer");
  }

  /** The dataset config and its CSV (see {@link LoansDataset}). */
  private Path loans() throws IOException {
    LoansDataset.csv(home.resolve("loans.csv"));
    return LoansDataset.conf(home, "loans.csv");
  }
}
