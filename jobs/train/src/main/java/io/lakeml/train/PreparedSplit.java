package io.lakeml.train;

import io.lakeml.config.LakemlConfig;
import io.lakeml.dataset.DatasetConfig;
import io.lakeml.internal.features.FeaturePipeline;
import io.lakeml.internal.features.Split;
import io.lakeml.internal.lakehouse.Lakehouse;
import io.lakeml.internal.lineage.DataRef;
import io.lakeml.internal.model.ModelTask;
import io.lakeml.internal.runs.RunTracker;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What train and tune both start from: the pinned input, its train and validation parts, the
 * model's task and the feature pipeline fitted on the train part.
 */
record PreparedSplit(TrainingInput input, Dataset<Row> trainRows, Dataset<Row> validationRows, long trainCount,
    ModelTask task, PipelineModel pipeline) {

  static PreparedSplit read(SparkSession spark, LakemlConfig config, Optional<Long> requestedVersion, RunTracker run) {
    DatasetConfig dataset = config.requireDataset();
    TrainingInput input = TrainingInput.read(spark, Lakehouse.of(config), dataset, config.train(), requestedVersion);
    run.input(DataRef.delta(input.table(), input.path(), input.version(), input.contentHash()));
    Split split = new Split(config.train().validationFraction(), config.train().testFraction());
    Dataset<Row> trainRows = split.train(input.rows());
    Dataset<Row> validationRows = split.validation(input.rows());
    long trainCount = input.checkTrainable(trainRows, "train", dataset.label().kind());
    ModelTask task = LabelEncoding.fit(input.rows(), trainRows, dataset);
    PipelineModel pipeline = run.timed("features", () -> FeaturePipeline.build(dataset).fit(trainRows));
    return new PreparedSplit(input, trainRows, validationRows, trainCount, task, pipeline);
  }
}
