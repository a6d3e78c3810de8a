package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.internal.lakehouse.DeltaTables;
import io.lakeml.internal.lakehouse.TableNames;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables that train badly stop with a DATA error naming what to change, before anything is
 * published: a constant label, a diverging network; and a table of a hundred rows trains on defaults.
 */
class TrainingFailureTest {
  @TempDir Path home;

  @Test
  void aHundredAndFiftyRowsTrainOnDefaultsWithoutNaN() {
    TrainFixture f = new TrainFixture(home);
    f.sets.clear(); // the defaults: 2 workers, 2 rounds, batches of 256
    TrainResult r = f.prepared(150).train();

    assertThat(Double.isFinite(r.bestValidationLoss())).isTrue();
    for (float p : r.parameters()) {
      assertThat(Float.isFinite(p)).isTrue();
    }
  }

  @Test
  void aConstantRegressionLabelIsADataError() {
    TrainFixture f = new TrainFixture(home).withoutTheFlightsGate().set("lakeml.dataset.label.kind=regression")
        .set("lakeml.dataset.label.expr=2.5").prepared(500);

    assertThatThrownBy(f::train).isInstanceOf(LakemlException.class)
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("Label 'label' has the same value (2.5) in every training row");
    assertThat(DeltaTables.exists(f.spark, f.lakehouse().tablePath(TableNames.MODEL_VERSIONS))).isFalse();
  }

  @Test
  void aDivergingNetworkStopsAtOnceWithADataError() {
    TrainFixture f = new TrainFixture(home).withoutTheFlightsGate().set("lakeml.dataset.label.kind=regression")
        .set("lakeml.dataset.label.expr=`delay`").set("lakeml.train.network.updater=sgd")
        .set("lakeml.train.network.learning-rate=10").prepared(2_000);

    assertThatThrownBy(f::train).isInstanceOf(LakemlException.class)
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("Training diverged in epoch 1").hasMessageContaining("Lower lakeml.train.network.learning-rate");
    assertThat(DeltaTables.exists(f.spark, f.lakehouse().tablePath(TableNames.MODEL_VERSIONS))).isFalse();
  }
}
