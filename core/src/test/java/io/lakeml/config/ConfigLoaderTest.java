package io.lakeml.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path home;

  @Test
  void unknownKeyIsRefusedWithTheNearestValidOne() {
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.spark.shuffle-partition = 4").load())
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("Unknown config key 'lakeml.spark.shuffle-partition'")
        .hasMessageContaining("did you mean 'lakeml.spark.shuffle-partitions'")
        .hasMessageContaining("test.conf")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  void unknownKeyFromSetIsRefusedToo() {
    assertThatThrownBy(
            () -> ConfigLoader.create(new LakemlHome(home)).set("lakeml.dl4j.omp-threads", "2").load())
        .hasMessageContaining("Unknown config key 'lakeml.dl4j.omp-threads'")
        .hasMessageContaining("lakeml.dl4j.omp-num-threads");
  }

  @Test
  void invalidValueNamesKeyValueAndRule() {
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.spark.shuffle-partitions = 0").load())
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("Cannot set lakeml.spark.shuffle-partitions to 0: must be >= 1");
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.spark.ui-enabled = maybe").load())
        .hasMessageContaining("Cannot set lakeml.spark.ui-enabled to 'maybe': must be true or false");
  }

  @Test
  void baselinesMustBeKnownAndAMarginOverThemNeedsThem() {
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.evaluate.baseline.models = [linear, forest]").load())
        .hasMessageContaining("Cannot set lakeml.evaluate.baseline.models to")
        .hasMessageContaining("each must be one of linear, trees");
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.evaluate.baseline.models = [trees, trees]").load())
        .hasMessageContaining("trees is listed twice");
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.evaluate.baseline.models = []\n"
        + "lakeml.evaluate.gate.binary.max-worse-than-baseline.auc = 0.003").load())
        .hasMessageContaining("lakeml.evaluate.gate.binary.max-worse-than-baseline")
        .hasMessageContaining("lakeml.evaluate.baseline.models is empty")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> TestConfigs.loader(home, "lakeml.evaluate.gate.binary.max-worse-than-baseline.rows = 1")
        .load()).hasMessageContaining("rows is descriptive");
  }

  @Test
  void aRecordedConfigGivesEverythingButWhatBelongsToTheMachine() {
    LakemlConfig original = TestConfigs.loader(home, "lakeml.spark.shuffle-partitions = 3\n"
        + "lakeml.train.network.epochs = 9\nlakeml.lakehouse.root = /srv/old-lakehouse").load();

    LakemlConfig again = ConfigLoader.create(new LakemlHome(home)).recorded(original.resolved().json())
        .set("lakeml.lakehouse.root", "s3a://bucket/now").load();

    assertThat(again.train()).isEqualTo(original.train());
    assertThat(again.lakehouse().root()).isEqualTo("s3a://bucket/now");
    assertThat(again.spark().shufflePartitions()).as("the machine's, not the record's").isNotEqualTo(3);
    assertThat(ConfigLoader.MACHINE_PATHS).containsExactly("lakeml.lakehouse", "lakeml.spark", "lakeml.dl4j",
        "lakeml.sample-data");
  }

  @Test
  void aRecordedKeyThisBuildDoesNotKnowIsAUserError() {
    assertThatThrownBy(() -> ConfigLoader.create(new LakemlHome(home))
        .recorded("{\"lakeml\":{\"train\":{\"epochz\":3}}}").load())
        .hasMessageContaining("Unknown config key 'lakeml.train.epochz'")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  void missingConfigFileIsAUserError() {
    Path missing = home.resolve("nope.conf");
    assertThatThrownBy(() -> ConfigLoader.create(new LakemlHome(home)).file(missing).load())
        .isInstanceOf(LakemlException.class)
        .hasMessageContaining("Config file " + missing + " does not exist")
        .satisfies(e -> assertThat(((LakemlException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void setOverridesWinOverTheFileAndKeepUrisWhole() {
    LakemlConfig c =
        TestConfigs.loader(home, "lakeml.spark.shuffle-partitions = 4")
            .setAll(List.of("lakeml.spark.shuffle-partitions=16", "lakeml.lakehouse.root=s3a://bucket/lakeml"))
            .load();

    assertThat(c.spark().shufflePartitions()).isEqualTo(16);
    assertThat(c.lakehouse().root()).isEqualTo("s3a://bucket/lakeml");
    assertThat(c.resolved().sources()).last().asString().contains("--set");
  }

  @Test
  void malformedSetArgumentIsAUserError() {
    assertThatThrownBy(() -> ConfigLoader.create(new LakemlHome(home)).setAll(List.of("no-equals")))
        .hasMessageContaining("Cannot parse --set 'no-equals': expected key=value");
  }

  @Test
  void aSecretAsPlainTextIsRefusedWithoutEchoingItAndWithTheWayToACredentialProvider() {
    String withSecret = "lakeml.spark.conf { \"spark.hadoop.fs.s3a.secret.key\" = \"hunter2-very-secret\" }";
    assertThatThrownBy(() -> TestConfigs.loader(home, withSecret).load())
        .hasMessageContaining("Config key 'lakeml.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"'")
        .hasMessageContaining("test.conf")
        .hasMessageContaining("hadoop credential create")
        .hasMessageContaining("spark.hadoop.hadoop.security.credential.provider.path")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"))
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> ConfigLoader.create(new LakemlHome(home))
        .set("lakeml.spark.conf.\"spark.hadoop.fs.azure.account.key.x.dfs.core.windows.net\"", "hunter3").load())
        .hasMessageContaining("--set")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter3"));
  }

  @Test
  void whereASecretLivesIsNotASecret() {
    LakemlConfig c = TestConfigs.loader(home, "lakeml.monitor.webhook.secret-alias = lakeml.webhook\n"
        + "lakeml.spark.conf { \"spark.hadoop.hadoop.security.credential.provider.path\" = \"jceks://file/x.jceks\" }")
        .load();
    assertThat(c.spark().properties()).containsEntry("spark.hadoop.hadoop.security.credential.provider.path",
        "jceks://file/x.jceks");
  }

  @Test
  void credentialProviderSettingsAreNotSecrets() {
    assertThat(Redaction.isSecretKey("spark.hadoop.fs.s3a.aws.credentials.provider")).isFalse();
    assertThat(Redaction.isSecretKey("spark.hadoop.hadoop.security.credential.provider.path")).isFalse();
    assertThat(Redaction.isSecretKey("spark.hadoop.fs.s3a.access.key")).isTrue();
    assertThat(Redaction.isSecretKey("spark.hadoop.fs.azure.account.key.x.dfs.core.windows.net")).isTrue();
  }

  @Test
  void sameConfigGivesSameHashWhateverTheFileOrder() {
    LakemlConfig a = TestConfigs.loader(home, "lakeml { spark.app-name = x, dl4j.omp-num-threads = 2 }").load();
    LakemlConfig b = TestConfigs.loader(home, "lakeml.dl4j.omp-num-threads = 2\nlakeml.spark.app-name = x").load();
    LakemlConfig c = TestConfigs.loader(home, "lakeml.dl4j.omp-num-threads = 3").load();

    assertThat(a.resolved().sha256()).isEqualTo(b.resolved().sha256()).isNotEqualTo(c.resolved().sha256());
  }

  @Test
  void shippedConfigFilesLoad() {
    Path conf = TestConfigs.projectRoot().resolve("conf");
    LakemlConfig local = ConfigLoader.create(new LakemlHome(home)).file(conf.resolve("local.conf")).load();
    LakemlConfig cluster = ConfigLoader.create(new LakemlHome(home)).file(conf.resolve("cluster.conf")).load();

    assertThat(local.spark().master()).contains("local[*]");
    assertThat(local.requireDataset().name()).isEqualTo("flights");
    assertThat(cluster.lakehouse().root()).isEqualTo("s3a://my-bucket/lakeml");
    assertThat(cluster.spark().properties()).containsEntry("spark.decommission.enabled", "true");
  }

  @Test
  void theTunedFlightsConfigIsTheLocalOneWithItsNetwork() {
    Path conf = TestConfigs.projectRoot().resolve("conf");
    LakemlConfig local = ConfigLoader.create(new LakemlHome(home)).file(conf.resolve("local.conf")).load();
    LakemlConfig tuned = ConfigLoader.create(new LakemlHome(home)).file(conf.resolve("flights-tuned.conf")).load();

    assertThat(tuned.requireDataset().name()).isEqualTo("flights");
    assertThat(tuned.spark().master()).isEqualTo(local.spark().master());
    assertThat(tuned.train().network().hidden()).containsExactly(128, 64);
    assertThat(tuned.train().network().learningRate()).isEqualTo(0.002);
    assertThat(tuned.train().network().learningRateDecay()).isEqualTo(0.87);
    assertThat(tuned.train().network().epochs()).isEqualTo(16);
    assertThat(tuned.train().network().patience()).isEqualTo(3);
  }
}
