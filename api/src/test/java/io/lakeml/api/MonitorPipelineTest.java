package io.lakeml.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.lakeml.internal.data.SyntheticFlights;
import io.lakeml.internal.data.SyntheticSpec;
import io.lakeml.errors.ErrorCategory;
import io.lakeml.errors.LakemlException;
import io.lakeml.testing.SparkTestSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring end to end on synthetic flights lakeml has not seen: a model trained on five weeks of
 * clean rows scores two clean days and two days with injected drift (later hours, longer
 * flights); monitor then fires exactly the drift alerts of the drifted days, estimates the AUC of
 * the clean days within tolerance of the realized one, reruns idempotently, signs and retries its
 * webhook against a real HTTP server, and joins labels that arrive later.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorPipelineTest {
  private static final LocalDate CLEAN_1 = LocalDate.of(2001, 2, 10);
  private static final LocalDate CLEAN_2 = LocalDate.of(2001, 2, 11);
  private static final LocalDate DRIFT_1 = LocalDate.of(2001, 2, 12);
  private static final LocalDate DRIFT_2 = LocalDate.of(2001, 2, 13);
  private static final String SECRET = "webhook-secret-7Q2";
  /** Every log line of this class's runs, at the levels configured (lakeml INFO, the rest WARN). */
  private static final LogCapture LOGS = new LogCapture();

  @TempDir static Path home;
  private static Lakeml lakeml;
  private static MonitorRun first;

  @BeforeAll
  static void pipeline() throws Exception {
    LOGS.start();
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> rows = SyntheticFlights.generate(spark, spec(36_000, 1, LocalDate.of(2001, 1, 1), 36, 0))
        .unionByName(SyntheticFlights.generate(spark, spec(8_000, 2, CLEAN_1, 2, 0)))
        .unionByName(SyntheticFlights.generate(spark, spec(8_000, 3, DRIFT_1, 2, 1.0)));
    rows.coalesce(1).write().parquet(home.resolve("flights.parquet").toString());
    lakeml = lakeml(Map.of());
    lakeml.prep().window(LocalDate.of(2001, 1, 1), LocalDate.of(2001, 2, 5)).execute();
    TrainRun train = lakeml.train().execute();
    lakeml.evaluate().modelVersion(train.version()).execute();
    lakeml.promote(train.version()).approvedBy("ana").reason("monitoring test").execute();
    lakeml.score().window(CLEAN_1, DRIFT_2).execute();
    first = lakeml.monitor().window(CLEAN_1, DRIFT_2).execute();
  }

  private static SyntheticSpec spec(long rows, long seed, LocalDate start, int days, double drift) {
    return new SyntheticSpec(rows, seed, start, days, 2, 0, 0, 0, 0, drift);
  }

  @Test
  @Order(1)
  void theDriftedDaysFireExactlyTheirDriftAlerts() {
    Map<LocalDate, List<String>> alerts = new TreeMap<>();
    for (Row r : sql("SELECT alert_date, kind, subject FROM alerts WHERE job = 'monitor' ORDER BY 1, 2, 3")) {
      alerts.computeIfAbsent(r.getDate(0).toLocalDate(), d -> new ArrayList<>()).add(r.getString(1) + ":" + r.getString(2));
    }
    List<String> drifted = List.of("dataset-drift:all", "feature-drift:distance", "feature-drift:hour_of_day");
    assertThat(alerts).containsOnlyKeys(DRIFT_1, DRIFT_2);
    assertThat(alerts.get(DRIFT_1)).containsExactlyElementsOf(drifted);
    assertThat(alerts.get(DRIFT_2)).containsExactlyElementsOf(drifted);
    assertThat(first.alerts()).isEqualTo(6);
    assertThat(first.blocking()).isFalse();
    // The clean days' figures are in the table too, all ok.
    assertThat(sql("SELECT count(*) FROM monitoring_metrics WHERE date IN ('2001-02-10', '2001-02-11') "
        + "AND metric IN ('psi', 'wasserstein', 'jensen_shannon') AND status <> 'ok'").get(0).getLong(0)).isZero();
    assertThat(sql("SELECT count(*) FROM monitoring_metrics WHERE date = '2001-02-12' AND feature = 'distance' "
        + "AND metric = 'psi' AND status = 'alert'").get(0).getLong(0)).isEqualTo(1);
  }

  @Test
  @Order(2)
  void theSlaIsCheckedAgainstWhatTheScoringRunsRecorded() {
    // Each date was scored once, well before its deadline (a century after the date).
    for (LocalDate day : List.of(CLEAN_1, CLEAN_2, DRIFT_1, DRIFT_2)) {
      assertThat(metric(day, "sla_deadline_met")).as("deadline of %s", day).isEqualTo(1.0);
      assertThat(metric(day, "sla_rows_per_second")).isEqualTo(metric(day, "rows_per_second")).isPositive();
    }
    // Availability over the 30 dates up to each: 1, 2, 3 and 4 of them scored.
    assertThat(metric(CLEAN_1, "sla_availability")).isEqualTo(1.0 / 30, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(metric(DRIFT_2, "sla_availability")).isEqualTo(4.0 / 30, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(sql("SELECT count(*) FROM monitoring_metrics WHERE metric LIKE 'sla_%' AND status <> 'ok'").get(0)
        .getLong(0)).isZero(); // 1/30 is above the declared 0.03
  }

  @Test
  @Order(2)
  void theEstimatedAucOfCleanDaysIsCloseToTheRealizedOne() {
    for (LocalDate day : List.of(CLEAN_1, CLEAN_2)) {
      double realized = metric(day, "auc");
      double estimated = metric(day, "estimated_auc");
      assertThat(realized).as("realized AUC on %s", day).isGreaterThan(0.6);
      assertThat(Math.abs(estimated - realized)).as("CBPE error on %s", day).isLessThan(0.03);
    }
    assertThat(metric(CLEAN_1, "rows")).isEqualTo(4_000.0, org.assertj.core.data.Offset.offset(400.0));
    assertThat(metric(CLEAN_1, "labelled_rows")).isEqualTo(metric(CLEAN_1, "rows"));
  }

  @Test
  @Order(3)
  void aRerunReplacesItsDatesAndAnnouncesNothingTwice() {
    long metrics = count("monitoring_metrics");
    List<Row> alertsBefore = sql("SELECT kind, subject, at, run_id FROM alerts WHERE job = 'monitor' ORDER BY 1, 2, 3");
    MonitorRun again = lakeml.monitor().window(CLEAN_1, DRIFT_2).execute();
    assertThat(count("monitoring_metrics")).isEqualTo(metrics);
    assertThat(sql("SELECT kind, subject, at, run_id FROM alerts WHERE job = 'monitor' ORDER BY 1, 2, 3"))
        .isEqualTo(alertsBefore);
    assertThat(sql("SELECT DISTINCT run_id FROM monitoring_metrics")).singleElement()
        .satisfies(r -> assertThat(r.getString(0)).isEqualTo(again.runId()));
  }

  @Test
  @Order(4)
  void theWebhookIsSignedRetriedAndItsFailureRecorded() throws Exception {
    Path keystore = home.resolve("secrets.jceks");
    Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
    String provider = "jceks://file" + keystore.toAbsolutePath();
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
    CredentialProvider store = CredentialProviderFactory.getProviders(conf).get(0);
    store.createCredentialEntry("lakeml.webhook", SECRET.toCharArray());
    store.flush();
    hadoop.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    List<String> signatures = Collections.synchronizedList(new ArrayList<>());
    int[] status = {200};
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      signatures.add(exchange.getRequestHeaders().getFirst("X-Lakeml-Signature"));
      if (status[0] < 0) {
        sleep(2_000); // longer than the client waits
      }
      exchange.sendResponseHeaders(Math.abs(status[0]), -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      Map<String, String> hook = Map.of("lakeml.monitor.webhook.url", url, "lakeml.monitor.webhook.secret-alias",
          "lakeml.webhook", "lakeml.monitor.webhook.retries", "2", "lakeml.monitor.webhook.timeout-ms", "500");
      clearMonitorAlerts();
      lakeml(hook).monitor().date(DRIFT_1).execute();
      assertThat(bodies).hasSize(3);
      for (int i = 0; i < bodies.size(); i++) {
        assertThat(signatures.get(i)).isEqualTo("sha256=" + hmac(bodies.get(i)));
        assertThat(bodies.get(i)).contains("\"date\":\"2001-02-12\"").doesNotContain(SECRET);
      }

      bodies.clear();
      status[0] = 500;
      clearMonitorAlerts();
      MonitorRun failing = lakeml(hook).monitor().date(DRIFT_1).execute();
      assertThat(bodies).hasSize(9); // three alerts, each tried three times
      assertThat(failing.alerts()).isEqualTo(3);
      assertThat(sql("SELECT count(*) FROM alerts WHERE kind = 'webhook-failed' AND message LIKE '%HTTP 500%'")
          .get(0).getLong(0)).isEqualTo(3);

      bodies.clear();
      status[0] = -200;
      clearMonitorAlerts();
      lakeml(hook).monitor().date(DRIFT_2).execute();
      assertThat(sql("SELECT count(*) FROM alerts WHERE kind = 'webhook-failed' AND alert_date = '2001-02-13' "
          + "AND message LIKE '%Timeout%'").get(0).getLong(0)).isEqualTo(3);
    } finally {
      server.stop(0);
      hadoop.unset(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH);
    }
  }

  @Test
  @Order(5)
  void labelsThatArriveLaterAreJoinedByKey() {
    SparkSession spark = SparkTestSession.get();
    String labels = home.resolve("labels.parquet").toString();
    // The clean first day's labels, delivered later: every scored row id with label 1.
    spark.sql("SELECT DISTINCT row_id, 1 AS label FROM delta.`" + home.resolve("lakehouse/tables/scored_synth")
        + "` WHERE score_date = '2001-02-10'").write().parquet(labels);
    MonitorRun run = lakeml.monitor().window(CLEAN_1, CLEAN_1).labels(labels, "row_id").execute();
    assertThat(run.dates()).isEqualTo(1);
    // All labels positive: log loss and label rate say so; AUC is undefined and not stored.
    assertThat(metric(CLEAN_1, "label_rate")).isEqualTo(1.0);
    assertThat(sql("SELECT count(*) FROM monitoring_metrics WHERE date = '2001-02-10' AND metric = 'auc'")
        .get(0).getLong(0)).isZero();

    String duplicated = home.resolve("duplicated.parquet").toString();
    spark.read().parquet(labels).unionByName(spark.read().parquet(labels).limit(5)).write().parquet(duplicated);
    assertThatThrownBy(() -> lakeml.monitor().date(CLEAN_1).labels(duplicated, "row_id").execute())
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("5 key(s) of column 'row_id'");
    String text = home.resolve("text-keys.parquet").toString();
    spark.read().parquet(labels).selectExpr("CAST(row_id AS STRING) AS row_id", "label").write().parquet(text);
    assertThatThrownBy(() -> lakeml.monitor().date(CLEAN_1).labels(text, "row_id").execute())
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
        .hasMessageContaining("is string, but the scored rows' is bigint");
  }

  @Test
  @Order(6)
  void aDateNeverScoredIsAUserErrorNamingHowToScoreIt() {
    assertThatThrownBy(() -> lakeml.monitor().date(LocalDate.of(2001, 3, 1)).execute())
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessageContaining("lakeml score --date 2001-03-01");
  }

  @Test
  @Order(7)
  void aRetrainingRequestIsTrainedOnItsWindowAndStopsShortOfProduction() throws IOException {
    List<Row> open = sql("SELECT request_id, rule, alert_date, window_from, window_to FROM retrain_requests");
    assertThat(open).singleElement().satisfies(r -> {
      assertThat(r.getString(1)).isEqualTo("dataset-drift");
      assertThat(r.getDate(2).toLocalDate()).isEqualTo(DRIFT_1);
      assertThat(r.getDate(4).toLocalDate()).isEqualTo(DRIFT_1);
      assertThat(r.getDate(3).toLocalDate()).isEqualTo(DRIFT_1.minusDays(119));
    });
    String id = open.get(0).getString(0);
    TrainRun retrained = lakeml(Map.of("lakeml.train.network.epochs", "1")).train().request(id).execute();
    assertThat(retrained.request()).contains(id);
    assertThat(retrained.version()).isEqualTo(2);
    Row request = sql("SELECT status, note FROM retrain_requests").get(0);
    assertThat(request.getString(0)).isEqualTo("started");
    assertThat(request.getString(1)).startsWith("trained version 2 ");
    Row trained = sql("SELECT stage, training_config FROM model_versions WHERE version = 2").get(0);
    assertThat(trained.getString(0)).isEqualTo("dev");
    assertThat(trained.getString(1)).contains("\"from\":\"" + DRIFT_1.minusDays(119) + "\"");
    // Trained once: a second attempt is refused (a USER error, exit 2), as is an unknown id.
    assertThatThrownBy(() -> lakeml.train().request(id).execute()).isInstanceOfSatisfying(LakemlException.class,
        e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER));
    assertThatThrownBy(() -> lakeml.train().request("nosuchrequest").execute())
        .isInstanceOfSatisfying(LakemlException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER));
  }

  @Test
  @Order(8)
  void theDashboardRendersEveryPanelInARealBrowser() throws Exception {
    Path out = Path.of("target", "dashboard");
    Path page = lakeml.dashboard().window(CLEAN_1, DRIFT_2).out(out).execute().page();
    String html = Files.readString(page);
    // Self-contained: no script, style or image fetched from anywhere.
    assertThat(java.util.regex.Pattern.compile("<(script|link)[^>]+(src|href)=").matcher(html).find())
        .as("an external reference in the page").isFalse();
    assertThat(html.contains("echarts.init")).isTrue();
    String dom = BrowserPage.dumpDom(page);
    assertThat(BrowserPage.attribute(dom, "data-errors")).as("console errors: %s", dom.length()).isEqualTo("0");
    Map<String, Object> rendered = new com.google.gson.Gson().fromJson(
        BrowserPage.attribute(dom, "data-rendered").replace("&quot;", "\""), Map.class);
    assertThat(rendered).containsOnlyKeys("rows", "latency", "rates", "versions", "drift", "prediction", "auc", "sla",
        "events", "alerts");
    rendered.forEach((panel, points) -> assertThat(((Number) points).intValue()).as(panel).isPositive());
    Path screenshot = BrowserPage.screenshot(page, out.resolve("dashboard.png"));
    assertThat(Files.size(screenshot)).isGreaterThan(20_000);
  }

  /**
   * The webhook's secret went through a JCEKS credential provider into every monitor run above;
   * a plain secret in a setting is refused without echoing it. The secret appears in no file of
   * the lakehouse (Delta logs, Parquet, reports, the dashboard, the run ledger), in no row of any
   * table, in no Spark event log, and in no log line.
   */
  @Test
  @Order(9)
  void theWebhookSecretAppearsNowhereLakemlOrSparkWrote() throws Exception {
    assertThatThrownBy(() -> lakeml(Map.of("lakeml.spark.conf.\"spark.hadoop.fs.s3a.secret.key\"", SECRET)))
        .hasMessageContaining("holds a secret as plain text")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    Path eventLogs = Path.of(System.getProperty(SparkTestSession.EVENT_LOG_DIR));
    List<Path> searched = new ArrayList<>();
    List<Path> leaks = new ArrayList<>();
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    for (Path root : List.of(home, eventLogs)) {
      try (var walk = Files.walk(root)) {
        for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".jceks"))
            .toList()) {
          searched.add(f);
          if (Secrets.indexOf(Files.readAllBytes(f), secret) >= 0) {
            leaks.add(f);
          }
        }
      }
    }
    assertThat(searched).as("what was searched").anyMatch(f -> f.startsWith(eventLogs))
        .anyMatch(f -> f.toString().contains("/tables/runs/_delta_log/"))
        .anyMatch(f -> f.toString().contains("/tables/alerts/"));
    assertThat(leaks).isEmpty();
    SparkSession spark = SparkTestSession.get();
    try (var tables = Files.list(home.resolve("lakehouse/tables"))) {
      for (Path t : tables.toList()) {
        long rows = spark.read().format("delta").load(t.toString())
            .select(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
                org.apache.spark.sql.functions.col("*"))).as("row"))
            .where(org.apache.spark.sql.functions.col("row").contains(SECRET)).count();
        assertThat(rows).as("rows of %s holding the secret", t.getFileName()).isZero();
      }
    }
    assertThat(LOGS.text()).contains("monitor-").doesNotContain(SECRET);
  }


  /**
   * Prep of the scored days while the same days are rescored, at once on one session: the two
   * jobs share only the run ledger, so both commit; each date holds exactly the rescore's rows,
   * prepared_synth gains exactly the window, and the ledger has both runs as succeeded.
   */
  @Test
  @Order(10)
  void prepWhileScoringTheSameDaysBothCommit() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String scored = home.resolve("lakehouse/tables/scored_synth").toString();
    String prepared = home.resolve("lakehouse/tables/prepared_synth").toString();
    long scoredBefore = spark.read().format("delta").load(scored).where("score_date = '" + CLEAN_1 + "'").count();
    long preparedBefore = spark.read().format("delta").load(prepared).count();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    PrepRun prep;
    ScoreRun score;
    try {
      var prepping = pool.submit(() -> lakeml.prep().window(CLEAN_1, CLEAN_2).execute());
      var scoring = pool.submit(() -> lakeml.score().date(CLEAN_1).execute());
      prep = prepping.get();
      score = scoring.get();
    } finally {
      pool.shutdown();
    }

    ScoreRun.Date date = score.dates().get(0);
    Dataset<Row> day = spark.read().format("delta").load(scored).where("score_date = '" + CLEAN_1 + "'");
    assertThat(day.count()).isEqualTo(scoredBefore).isEqualTo(date.rowsScored());
    assertThat(day.select("run_id").distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactly(date.runId());
    assertThat(spark.read().format("delta").load(prepared).count())
        .isEqualTo(preparedBefore + prep.rowsAccepted());
    assertThat(spark.read().format("delta").load(home.resolve("lakehouse/tables/runs").toString())
        .where(org.apache.spark.sql.functions.col("run_id").isin(prep.runId(), date.runId()))
        .where("status = 'SUCCEEDED'").count()).isEqualTo(2);
  }

  private static void clearMonitorAlerts() {
    SparkTestSession.get().sql("DELETE FROM delta.`" + home.resolve("lakehouse/tables/alerts") + "` WHERE job = 'monitor'");
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double metric(LocalDate date, String metric) {
    return sql("SELECT value FROM monitoring_metrics WHERE date = '" + date + "' AND metric = '" + metric
        + "' AND variant IN ('champion', 'all') AND feature = ''").get(0).getDouble(0);
  }

  private static long count(String table) {
    return sql("SELECT count(*) FROM " + table).get(0).getLong(0);
  }

  private static List<Row> sql(String query) {
    SparkSession spark = SparkTestSession.get();
    for (String t : new TreeSet<>(List.of("alerts", "monitoring_metrics", "retrain_requests", "model_versions"))) {
      spark.read().format("delta").load(home.resolve("lakehouse/tables/" + t).toString()).createOrReplaceTempView(t);
    }
    return spark.sql(query).collectAsList();
  }

  private static Lakeml lakeml(Map<String, String> sets) throws IOException {
    return SyntheticDataset.lakeml(home, """
          # Generous bounds: this test pins the drift alerts; the SLA figures are checked on their own.
          monitor { sla { latency-p99-ms-per-1000 = 10000, min-rows-per-second = 1, deadline = "T+36500 00:00",
                          availability = 0.03 } }
        """, """
        lakeml.train.network { hidden = [16], epochs = 4, seed = 7, learning-rate = 0.01 }
        # The baselines are tested with evaluate; this test is about monitoring.
        lakeml.evaluate.baseline.models = []
        # Rules that watch the model's quality or the machine's speed are off: this test pins the
        # alerts that the injected input drift fires, and no others.
        lakeml.monitor.alerts {
          auc-drop.enabled = false
          estimated-auc-drop.enabled = false
          prediction-drift.enabled = false
          confidence-shift.enabled = false
          latency-spike.enabled = false
          volume-anomaly.enabled = false
        }
        """, sets);
  }
}
