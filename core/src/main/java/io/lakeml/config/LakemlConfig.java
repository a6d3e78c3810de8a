package io.lakeml.config;

import io.lakeml.dataset.DatasetConfig;
import io.lakeml.errors.Errors;
import java.util.Optional;

/**
 * The whole, validated configuration of one run. Immutable; built only by {@link ConfigLoader}.
 *
 * @param resolved the merged config as loaded (with secrets redacted) and its SHA-256, for lineage
 */
public record LakemlConfig(
    LakehouseConfig lakehouse,
    SparkConfig spark,
    Dl4jConfig dl4j,
    SampleDataConfig sampleData,
    PrepConfig prep,
    TrainConfig train,
    TuneConfig tune,
    EvaluateConfig evaluate,
    ScoreConfig score,
    MonitorConfig monitor,
    Optional<DatasetConfig> dataset,
    ResolvedConfig resolved) {

  /** The configured dataset, or a USER error saying how to configure one. */
  public DatasetConfig requireDataset() {
    return dataset.orElseThrow(Errors::noDatasetConfigured);
  }

  static LakemlConfig read(ConfigReader r, LakemlHome home, ResolvedConfig resolved) {
    LakemlConfig config = new LakemlConfig(
        LakehouseConfig.read(r, home),
        SparkConfig.read(r),
        Dl4jConfig.read(r),
        SampleDataConfig.read(r, home),
        PrepConfig.read(r),
        TrainConfig.read(r),
        TuneConfig.read(r),
        EvaluateConfig.read(r),
        ScoreConfig.read(r),
        MonitorConfig.read(r),
        r.has(DatasetConfig.PATH)
            ? Optional.of(DatasetConfigParser.parse(r, home))
            : Optional.empty(),
        resolved);
    config.dataset.ifPresent(d -> config.evaluate.sliceColumn().ifPresent(slice -> {
      if (!d.allColumnNames().contains(slice)) {
        throw Errors.unknownSliceColumn(slice, d.name(), d.allColumnNames());
      }
    }));
    config.dataset.ifPresent(d -> {
      NetworkConfig.checkEmbeddings(config.train.network().embeddings(), d.features(), NetworkConfig.EMBEDDINGS);
      SearchSpace.Dimension searched = config.tune.space().dimensions().get("embeddings");
      if (searched instanceof SearchSpace.Choices choices) {
        for (Object choice : choices.values()) {
          NetworkConfig.checkEmbeddings(SearchSpace.embeddings(choice), d.features(), SearchSpace.PATH + ".embeddings");
        }
      }
    });
    config.dataset.ifPresent(d -> config.monitor.featureBounds().keySet().forEach(f -> {
      if (!d.features().all().contains(f)) {
        throw Errors.unknownMonitoredFeature(f, d.name(), d.features().all());
      }
    }));
    return config;
  }
}
