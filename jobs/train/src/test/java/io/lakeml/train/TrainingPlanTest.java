package io.lakeml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeml.config.NetworkConfig;
import io.lakeml.config.TrainConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Workers, rounds and batches adapt to the size of the train split; large tables keep the config. */
class TrainingPlanTest {
  static TrainConfig config(int workers, int rounds, int batch) {
    return new TrainConfig(Optional.empty(), Optional.empty(), Optional.empty(), 0.1, 0.2, workers, rounds, 0,
        new NetworkConfig(List.of(64, 64), NetworkConfig.Activation.RELU, 0, 0.0001, 0, NetworkConfig.Updater.ADAM,
            0.001, 1, batch, 5, 42, 2, 1));
  }

  @Test
  void aLargeTableKeepsTheConfiguredValues() {
    TrainingPlan plan = TrainingPlan.of(config(2, 2, 256), 1_390_000);

    assertThat(plan).isEqualTo(new TrainingPlan(2, 2, 256, List.of()));
  }

  @Test
  void aHundredRowsTrainOnOneWorkerWithSmallBatchesAndNoEmptyRound() {
    TrainingPlan plan = TrainingPlan.of(config(2, 2, 256), 100);

    assertThat(plan.workers()).isEqualTo(1);
    assertThat(plan.batchSize()).isEqualTo(TrainingPlan.MIN_BATCH);
    assertThat(100 / plan.batchSize()).as("batches per worker").isGreaterThanOrEqualTo(plan.rounds());
    assertThat(plan.changes()).containsExactly("workers 2 -> 1", "batch size 256 -> 16");
  }

  @Test
  void fewerRowsThanOneBatchPerRoundGiveOneRound() {
    TrainingPlan plan = TrainingPlan.of(config(4, 8, 256), 20);

    assertThat(plan.workers()).isEqualTo(1);
    assertThat(plan.rounds()).isEqualTo(1);
    assertThat(plan.batchSize()).isEqualTo(16);
  }

  @Test
  void theApplyOfAPlanChangesOnlyThoseSettings() {
    TrainConfig adapted = TrainingPlan.of(config(2, 2, 256), 100).apply(config(2, 2, 256));

    assertThat(adapted.workers()).isEqualTo(1);
    assertThat(adapted.network().batchSize()).isEqualTo(16);
    assertThat(adapted.network().epochs()).isEqualTo(5);
    assertThat(adapted.validationFraction()).isEqualTo(0.1);
  }
}
