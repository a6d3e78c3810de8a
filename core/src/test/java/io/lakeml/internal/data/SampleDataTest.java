package io.lakeml.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.config.SampleDataConfig;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {
  static final String SHA = "dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0";
  @TempDir Path dir;

  @Test
  void corruptFileIsRefusedWithBothChecksums() throws Exception {
    SampleDataConfig config = new SampleDataConfig("vega-datasets@3.2.1", "package/data/flights-3m.parquet", SHA, dir);
    Files.writeString(dir.resolve("flights-3m.parquet"), "not parquet");

    assertThatThrownBy(() -> SampleData.ensure(config))
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("flights-3m.parquet has SHA-256 ")
        .hasMessageContaining("but " + SHA + " was expected")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA));
  }

  @Test
  void entryMissingFromThePackageIsNamed() {
    // A tiny real package from the npm registry, which has no such file.
    SampleDataConfig config = new SampleDataConfig("is-number@7.0.0", "package/data/flights-3m.parquet", SHA, dir);

    assertThatThrownBy(() -> SampleData.ensure(config))
        .hasMessageContaining("The npm package is-number@7.0.0 has no file package/data/flights-3m.parquet");
    assertThat(dir.resolve("flights-3m.parquet")).doesNotExist();
  }
}
