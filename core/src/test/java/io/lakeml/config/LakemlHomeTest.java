package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LakemlHomeTest {
  private final LakemlHome home = new LakemlHome(Path.of("/data/my lake"));

  @Test
  void aLocalPathWithSpacesIsResolvedAsHadoopReadsIt() {
    String resolved = home.resolve("orders/may 2026.csv");

    assertThat(resolved).isEqualTo("file:///data/my lake/orders/may 2026.csv");
    assertThat(new org.apache.hadoop.fs.Path(resolved).toUri().getPath()).isEqualTo("/data/my lake/orders/may 2026.csv");
  }

  @Test
  void aUriIsKeptAsWrittenWithoutItsTrailingSlash() {
    assertThat(home.resolve("s3a://bucket/lake/")).isEqualTo("s3a://bucket/lake");
    assertThat(home.resolve("file:///tmp/x")).isEqualTo("file:///tmp/x");
  }

  @Test
  void aRelativePathIsResolvedAgainstTheHome() {
    assertThat(home.resolve("../other/./lake")).isEqualTo("file:///data/other/lake");
  }
}
