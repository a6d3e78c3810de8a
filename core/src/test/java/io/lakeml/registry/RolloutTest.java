package io.lakeml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rollout's share of each scoring date follows its schedule and state, and depends on the date alone. */
class RolloutTest {
  private static final LocalDate START = LocalDate.of(2001, 5, 1);

  private static Rollout rollout(Rollout.State state, Optional<LocalDate> haltedOn) {
    return new Rollout("m", 2, List.of(10, 50, 100), 2, START, state, haltedOn, "ana", "why");
  }

  @Test
  void eachStepLastsItsDaysAndTheLastLastsUntilTheEnd() {
    Rollout r = rollout(Rollout.State.ACTIVE, Optional.empty());
    assertThat(r.share(START.minusDays(1))).isZero();
    assertThat(List.of(r.share(START), r.share(START.plusDays(1)), r.share(START.plusDays(2)), r.share(START.plusDays(3)),
        r.share(START.plusDays(4)), r.share(START.plusDays(40)))).containsExactly(10, 10, 50, 50, 100, 100);
    assertThat(r.schedule()).isEqualTo("10% from 2001-05-01, 50% from 2001-05-03, 100% from 2001-05-05");
  }

  @Test
  void aHaltKeepsTheDatesUpToItAndACompletedRolloutServesNothing() {
    Rollout halted = rollout(Rollout.State.HALTED, Optional.of(START.plusDays(2)));
    assertThat(halted.share(START.plusDays(2))).as("the halting date keeps its share: reruns reproduce it").isEqualTo(50);
    assertThat(halted.share(START.plusDays(3))).isZero();
    assertThat(rollout(Rollout.State.COMPLETED, Optional.empty()).share(START.plusDays(1))).isZero();
  }

  @Test
  void stepsMustBeIncreasingPercentages() {
    assertThat(Rollout.steps("10, 50,100")).containsExactly(10, 50, 100);
    for (String bad : List.of("50,10", "0,10", "10,101", "10,,50", "ten", "10,10")) {
      assertThatThrownBy(() -> Rollout.steps(bad)).as(bad).hasMessageContaining("Cannot use --steps " + bad)
          .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    }
  }
}
