package io.lakeml.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.registry.Rollout;
import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gradual rollout end to end on synthetic flights: a weak staging version (it sees the distance
 * only) rolled out beside a production model is halted by monitoring the first day it serves, and
 * the champion then serves every row; rolled out again with the guard relaxed, it serves 10% then
 * 50% of the rows by scoring date, a rerun of a date reproduces its split row for row, and
 * promotion completes the rollout. Every change is an event in {@code model_events}.
 */
class RolloutTest {
  private static final LocalDate D1 = LocalDate.of(2001, 2, 10);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final LocalDate D4 = D1.plusDays(3);

  @TempDir Path home;

  @Test
  void aWorseChallengerIsHaltedAndAnotherRolloutGrowsByDateReproducesItsSplitAndCompletes() throws Exception {
    SparkSession spark = SparkTestSession.get();
    SyntheticFlights.generate(spark, spec(8_000, 1, LocalDate.of(2001, 1, 1), 36))
        .unionByName(SyntheticFlights.generate(spark, spec(10_000, 2, D1, 4)))
        .coalesce(1).write().parquet(home.resolve("flights.parquet").toString());
    Lakeml lakeml = lakeml(Map.of());
    lakeml.prep().window(LocalDate.of(2001, 1, 1), LocalDate.of(2001, 2, 5)).execute();
    long champion = lakeml.train().execute().version();
    lakeml.evaluate().modelVersion(champion).execute();
    lakeml.promote(champion).approvedBy("ana").reason("first model").execute();
    // A weak candidate: the distance alone, let through a lenient gate.
    Lakeml weak = lakeml(Map.of("lakeml.dataset.features.categorical", "[]",
        "lakeml.dataset.features.numeric", "[distance]", "lakeml.evaluate.gate.binary.max-worsening.auc", "1",
        "lakeml.evaluate.gate.binary.max-worsening.log_loss", "1", "lakeml.evaluate.gate.binary.min.auc", "0",
        "lakeml.evaluate.gate.binary.min.log_loss_skill", "-1"));
    long candidate = weak.train().execute().version();
    weak.evaluate().modelVersion(candidate).execute();

    assertThatThrownBy(() -> lakeml.rollout(champion).steps(10).approvedBy("ana").reason("r").execute())
        .as("only a staging version rolls out").hasMessageContaining("only a staging version")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> lakeml.rollout(candidate).steps(50, 10).approvedBy("ana").reason("r").execute())
        .hasMessageContaining("the steps must increase");
    assertThatThrownBy(() -> lakeml.rollout(candidate).steps(10).reason("r").execute())
        .hasMessageContaining("needs an approval");

    // Halted by a person before it served a row; without an active rollout a halt is a USER error.
    lakeml.rollout(candidate).steps(10).start(D1.minusDays(1)).approvedBy("ana").reason("too early").execute();
    Rollout stopped = lakeml.haltRollout().lastDate(D1.minusDays(2)).reason("not before the release").execute();
    assertThat(stopped.state()).isEqualTo(Rollout.State.HALTED);
    assertThat(stopped.haltedOn()).contains(D1.minusDays(2));
    assertThatThrownBy(() -> lakeml.haltRollout().reason("again").execute()).hasMessageContaining("no active rollout")
        .satisfies(e -> assertThat(((LakemlException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> lakeml.haltRollout().execute()).hasMessageContaining("needs a reason");

    // Halted by monitoring on its first day; the next day the champion serves every row.
    Rollout first = lakeml.rollout(candidate).steps(50).start(D1).approvedBy("ana").reason("try it").execute();
    assertThatThrownBy(() -> lakeml.rollout(candidate).steps(10).start(D3).approvedBy("ana").reason("r").execute())
        .hasMessageContaining("already rolling out");
    lakeml.score().window(D1, D1).execute();
    MonitorRun halting = lakeml.monitor().window(D1, D1).execute();
    assertThat(halting.summary()).contains("rollout of v" + candidate + " HALTED", "worse than the champion on auc");
    lakeml.score().window(D2, D2).execute();
    assertThat(shares(D1).get("challenger")).isBetween(45L, 55L);
    assertThat(shares(D2)).containsOnlyKeys("champion");
    assertThat(sql("SELECT state, halted_on FROM rollouts WHERE start_date = '" + D1 + "'")).singleElement()
        .satisfies(r -> assertThat(r.getString(0) + " " + r.getDate(1)).isEqualTo("halted " + D1));
    assertThat(sql("SELECT count(*) FROM alerts WHERE kind = 'rollout_halted'").get(0).getLong(0)).isEqualTo(1);
    assertThat(sql("SELECT value, status FROM monitoring_metrics WHERE metric = 'rollout_worsening'")).singleElement()
        .satisfies(r -> assertThat(r.getDouble(0)).isGreaterThan(0.02))
        .satisfies(r -> assertThat(r.getString(1)).isEqualTo("alert"));
    assertThat(first.schedule()).isEqualTo("50% from " + D1);
    // Input drift of each variant's own rows on a day both served, beside that of all the day's rows.
    List<Row> psi = sql("SELECT variant, count(*), max(model_version) FROM monitoring_metrics WHERE metric = 'psi' "
        + "AND date = '" + D1 + "' GROUP BY variant ORDER BY variant");
    assertThat(psi).extracting(r -> r.getString(0)).containsExactly("all", "challenger", "champion");
    assertThat(psi).extracting(r -> r.getLong(1)).containsOnly(psi.get(0).getLong(1));
    assertThat(psi.get(1).getLong(2)).as("the challenger's rows are the candidate's").isEqualTo(candidate);
    assertThat(sql("SELECT count(*) FROM monitoring_metrics WHERE metric = 'dataset_drift_share' AND date = '" + D1
        + "'").get(0).getLong(0)).isEqualTo(3);

    // Again with the guard relaxed: 10% on D3, 50% from D4; a rerun of D4 gives every row the same variant.
    Lakeml relaxed = lakeml(Map.of("lakeml.monitor.rollout.max-worsening-relative", "1"));
    relaxed.rollout(candidate).steps(10, 50).start(D3).approvedBy("ana").reason("second try").execute();
    relaxed.score().window(D3, D4).execute();
    assertThat(shares(D3).get("challenger")).isBetween(7L, 13L);
    assertThat(shares(D4).get("challenger")).isBetween(45L, 55L);
    List<Row> split = sql("SELECT row_id, variant, model_version FROM scored_synth WHERE score_date = '" + D4
        + "' ORDER BY row_id");
    relaxed.score().window(D4, D4).execute();
    assertThat(sql("SELECT row_id, variant, model_version FROM scored_synth WHERE score_date = '" + D4
        + "' ORDER BY row_id")).isEqualTo(split);
    MonitorRun watched = relaxed.monitor().window(D3, D4).execute();
    assertThat(watched.summary()).doesNotContain("HALTED");
    assertThat(sql("SELECT count(*) FROM monitoring_metrics WHERE metric = 'rollout_worsening' AND date >= '" + D3
        + "'").get(0).getLong(0)).isEqualTo(2);

    relaxed.promote(candidate).approvedBy("ana").reason("rolled out").execute();
    assertThat(sql("SELECT state FROM rollouts ORDER BY start_date")).extracting(r -> r.getString(0))
        .containsExactly("halted", "halted", "completed");
    assertThat(sql("SELECT event FROM model_events WHERE event LIKE 'rollout%' ORDER BY at")).extracting(r -> r.getString(0))
        .containsExactly("rollout started", "rollout halted", "rollout started", "rollout halted", "rollout started",
            "rollout completed");
  }

  /** Percent of the date's rows each variant served. */
  private Map<String, Long> shares(LocalDate date) {
    Map<String, Long> shares = new java.util.TreeMap<>();
    for (Row r : sql("SELECT variant, round(100 * count(*) / sum(count(*)) OVER ()) FROM scored_synth WHERE "
        + "score_date = '" + date + "' GROUP BY variant")) {
      shares.put(r.getString(0), (long) r.getDouble(1));
    }
    return shares;
  }

  private static SyntheticSpec spec(long rows, long seed, LocalDate start, int days) {
    return new SyntheticSpec(rows, seed, start, days, 2, 0, 0, 0, 0, 0);
  }

  private List<Row> sql(String query) {
    SparkSession spark = SparkTestSession.get();
    for (String t : List.of("alerts", "monitoring_metrics", "model_events", "rollouts", "scored_synth")) {
      Dataset<Row> table = spark.read().format("delta").load(home.resolve("lakehouse/tables/" + t).toString());
      table.createOrReplaceTempView(t);
    }
    return spark.sql(query).collectAsList();
  }

  private Lakeml lakeml(Map<String, String> sets) throws IOException {
    return SyntheticDataset.lakeml(home, "", """
        lakeml.train.network { hidden = [16], epochs = 2, seed = 7, learning-rate = 0.01 }
        # The baselines are tested with evaluate; this test is about serving and monitoring.
        lakeml.evaluate.baseline.models = []
        """, sets);
  }
}
