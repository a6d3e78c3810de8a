package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.dataset.DerivedColumns;
import io.lakeml.dataset.SchemaContract;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.lakehouse.TableNames;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No training-serving skew: raw rows pushed through the scoring path (serving contract, shared
 * derivations, the feature pipeline loaded from the model artefact) give exactly the feature
 * vectors the training path (prepared rows, the fitted pipeline) gives.
 */
class FeaturePathTest {
  @TempDir Path home;

  @Test
  void rawRowsThroughTheScoringPathGiveTheTrainingFeatureVectors() {
    TrainFixture f = new TrainFixture(home).set("lakeml.train.network.epochs=1").prepared(2_000);
    TrainResult trained = f.train();
    DatasetConfig d = f.config().requireDataset();
    PipelineModel saved = PipelineModel.load(trained.artefactUri() + "/pipeline");

    Dataset<Row> prepared = f.spark.read().format("delta").load(f.lakehouse().tablePath(TableNames.prepared("flights")));
    List<Row> training = features(saved.transform(prepared));
    Dataset<Row> raw = SyntheticFlights.generate(f.spark,
        SyntheticSpec.clean(2_000, 11).withWindow(java.time.LocalDate.of(2001, 1, 1), 60)).drop("delay");
    Dataset<Row> served = DerivedColumns.withDerived(SchemaContract.forServing(d).apply(raw, "raw"), d);
    List<Row> scoring = features(saved.transform(served));

    assertThat(scoring).hasSize(2_000).isEqualTo(training);
  }

  /** Rows in a fixed order of their serving columns (the label's source is absent when scoring), with their vectors. */
  private static List<Row> features(Dataset<Row> transformed) {
    return transformed.select(col("date"), col("origin"), col("destination"), col("distance"), col(FeaturePipeline.FEATURES))
        .orderBy("date", "origin", "destination", "distance").collectAsList();
  }
}
