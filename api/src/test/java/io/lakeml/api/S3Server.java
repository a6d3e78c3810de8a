package io.lakeml.api;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;

/**
 * A real S3 API on 127.0.0.1: S3Proxy over jclouds' in-memory blob store, in a JVM of its own on
 * the classpath {@code tools/s3-server} resolves (its Jetty, jclouds and Guava never meet Spark's).
 * Keys are random per server; the client side gets them through a credential provider. (jclouds'
 * filesystem store is no use here: it answers a delete of a directory marker whose folder holds
 * files after 10 s of retries, and S3A deletes such markers after every write.)
 */
final class S3Server implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String accessKey;
  private final String secretKey;

  private S3Server(Process process, int port, String accessKey, String secretKey) {
    this.process = process;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts a server (its settings and log in {@code dir}); returns once it answers. */
  static S3Server start(Path dir) throws IOException, InterruptedException {
    String classpathFile = System.getProperty("lakeml.test.s3proxy-classpath");
    if (classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
      throw new IllegalStateException("No S3Proxy classpath at " + classpathFile
          + ": build tools/s3-server first (mvn -pl tools/s3-server generate-resources)");
    }
    Files.createDirectories(dir);
    int port = freePort();
    String accessKey = "AK" + hex(8);
    String secretKey = hex(20);
    Path properties = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + accessKey,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=transient", ""));
    Path logback = Files.writeString(dir.resolve("logback.xml"), """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="out"/></root>
        </configuration>
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dlogback.configurationFile=" + logback,
        "-cp", Files.readString(Path.of(classpathFile)).trim(), "org.gaul.s3proxy.Main", "--properties",
        properties.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
    S3Server server = new S3Server(process, port, accessKey, secretKey);
    server.awaitAnswer(dir.resolve("s3proxy.log"));
    return server;
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /**
   * The settings that point S3A at {@code endpoint} (this server, or a proxy in front of it), the
   * keys only in a JCEKS credential store made at {@code keystore}: never in a setting.
   */
  Map<String, String> clientSettings(Path keystore, String endpoint) throws IOException {
    String provider = "jceks://file" + keystore.toAbsolutePath();
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
    CredentialProvider store = CredentialProviderFactory.getProviders(conf).get(0);
    store.createCredentialEntry("fs.s3a.access.key", accessKey.toCharArray());
    store.createCredentialEntry("fs.s3a.secret.key", secretKey.toCharArray());
    store.flush();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
    settings.put("fs.s3a.endpoint", endpoint);
    settings.put("fs.s3a.endpoint.region", "us-east-1");
    settings.put("fs.s3a.path.style.access", "true");
    settings.put("fs.s3a.connection.ssl.enabled", "false");
    settings.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    return settings;
  }

  String accessKey() {
    return accessKey;
  }

  String secretKey() {
    return secretKey;
  }

  /** Creates a bucket, as an administrator would (S3A never creates buckets). */
  void bucket(String name) {
    AmazonS3 s3 = AmazonS3ClientBuilder.standard().withPathStyleAccessEnabled(true)
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey))).build();
    try {
      s3.createBucket(name);
    } finally {
      s3.shutdown();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  private void awaitAnswer(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode(); // 403 without a signature: the server is up
        c.disconnect();
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy did not answer within 60 s:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
