package io.lakeml.monitor;

import com.google.gson.Gson;
import io.lakeml.config.MonitorConfig;
import io.lakeml.errors.Errors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces alerts to the configured URL: one JSON POST per alert, signed with HMAC-SHA256 of the
 * body ({@value #SIGNATURE}: {@code sha256=<hex>}) when a secret is configured, retried with
 * exponential backoff on a network failure or a 5xx/429 answer. A webhook that still fails is
 * reported to the caller, never thrown: monitoring's verdicts are already stored.
 */
final class Webhook {
  static final String SIGNATURE = "X-Lakeml-Signature";
  private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);
  private static final long FIRST_BACKOFF_MS = 200;

  private final URI url;
  private final Optional<byte[]> secret;
  private final MonitorConfig.Webhook config;
  private final HttpClient client;

  private Webhook(URI url, Optional<byte[]> secret, MonitorConfig.Webhook config) {
    this.url = url;
    this.secret = secret;
    this.config = config;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMs())).build();
  }

  /** The configured webhook, its secret read from the Hadoop credential provider; empty when none is configured. */
  static Optional<Webhook> of(MonitorConfig.Webhook config, Configuration hadoop) {
    if (config.url().isEmpty()) {
      return Optional.empty();
    }
    URI url;
    try {
      url = URI.create(config.url().get());
    } catch (IllegalArgumentException e) {
      throw Errors.invalidConfigValue("lakeml.monitor.webhook.url", config.url().get(), "must be an http(s) URL");
    }
    if (url.getScheme() == null || !url.getScheme().startsWith("http")) {
      throw Errors.invalidConfigValue("lakeml.monitor.webhook.url", config.url().get(), "must be an http(s) URL");
    }
    return Optional.of(new Webhook(url, config.secretAlias().map(alias -> secret(hadoop, alias)), config));
  }

  private static byte[] secret(Configuration hadoop, String alias) {
    char[] value;
    try {
      value = hadoop.getPassword(alias);
    } catch (IOException e) {
      throw Errors.credentialUnreadable(alias, e.getMessage());
    }
    if (value == null) {
      throw Errors.credentialMissing(alias);
    }
    byte[] bytes = new String(value).getBytes(StandardCharsets.UTF_8);
    java.util.Arrays.fill(value, '\0');
    return bytes;
  }

  /** Posts the alert; empty when delivered, else why it failed after every retry. */
  Optional<String> send(AlertRules.MonitorAlert alert, String runId) {
    String body = new Gson().toJson(payload(alert, runId));
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMillis(config.timeoutMs()))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    secret.ifPresent(s -> request.header(SIGNATURE, "sha256=" + hmac(s, body)));
    String failure = "";
    for (int attempt = 0; attempt <= config.retries(); attempt++) {
      if (attempt > 0) {
        sleep(FIRST_BACKOFF_MS << (attempt - 1));
      }
      try {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return Optional.empty();
        }
        failure = "HTTP " + status;
        if (status / 100 == 4 && status != 429) {
          break; // the request itself is refused: a retry would be refused too
        }
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted");
      }
      LOG.warn("Webhook {} attempt {} of {} failed: {}", url, attempt + 1, config.retries() + 1, failure);
    }
    return Optional.of(failure + " after " + (config.retries() + 1) + " attempts");
  }

  URI url() {
    return url;
  }

  static Map<String, Object> payload(AlertRules.MonitorAlert a, String runId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", a.dataset());
    m.put("date", a.date().toString());
    m.put("rule", a.rule().key());
    m.put("severity", a.action().severity());
    m.put("blocking", a.action().blocking());
    m.put("subject", a.subject());
    m.put("metric", a.evidence().metric());
    m.put("value", Double.isFinite(a.evidence().value()) ? a.evidence().value() : null);
    m.put("threshold", Double.isNaN(a.evidence().threshold()) ? null : a.evidence().threshold());
    m.put("reference", a.evidence().reference());
    m.put("model_name", a.evidence().modelName());
    m.put("model_version", a.evidence().modelVersion());
    m.put("message", a.message());
    m.put("run_id", runId);
    return m;
  }

  static String hmac(byte[] secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
