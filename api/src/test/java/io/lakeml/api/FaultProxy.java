package io.lakeml.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 in front of the S3 server that answers the requests its rule picks
 * with {@code 503 SlowDown}, as a throttling or failing object store does, and relays the others
 * byte for byte (signatures stay valid: the client signed for the proxy's host and port, which is
 * the Host header the server checks). One request per connection: the proxy asks the server to
 * close after each answer, so it never has to parse a response.
 */
final class FaultProxy implements AutoCloseable {
  /** Which requests fail: the method, the request target (path and query) and the request's number from 1. */
  interface Rule {
    boolean fails(String method, String target, int number);
  }

  static final Rule NONE = (method, target, number) -> false;

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile Rule rule = NONE;

  private FaultProxy(ServerSocket server, int upstreamPort) {
    this.server = server;
    this.upstreamPort = upstreamPort;
  }

  /** Starts relaying to the server listening on {@code upstreamPort}, failing nothing yet. */
  static FaultProxy start(int upstreamPort) throws IOException {
    FaultProxy proxy = new FaultProxy(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()), upstreamPort);
    proxy.connections.submit(proxy::accept);
    return proxy;
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** From now on, the requests {@code rule} picks fail. */
  void failing(Rule rule) {
    this.rule = rule;
  }

  /** Requests answered with a fault so far. */
  int injected() {
    return injected.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    connections.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.submit(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
      if (rule.fails(requestLine[0], requestLine[1], requests.incrementAndGet())) {
        injected.incrementAndGet();
        skipBody(in, head);
        answerSlowDown(client.getOutputStream());
        return;
      }
      relay(client, in, head);
    } catch (IOException e) {
      // the client gave up on this connection (it retries on another): nothing to relay
    }
  }

  private void relay(Socket client, InputStream in, String head) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      OutputStream toServer = upstream.getOutputStream();
      toServer.write(closingAfterAnswer(head).getBytes(StandardCharsets.ISO_8859_1));
      toServer.flush();
      // The body (after a 100-continue, if asked for) flows on while the answer comes back.
      connections.submit(() -> {
        try {
          in.transferTo(toServer);
        } catch (IOException done) {
          // the server answered and closed
        }
      });
      upstream.getInputStream().transferTo(client.getOutputStream());
    }
  }

  /** The request head with {@code Connection: close}: the server closes once it has answered. */
  private static String closingAfterAnswer(String head) {
    StringBuilder b = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (!line.regionMatches(true, 0, "Connection:", 0, 11)) {
        b.append(line).append("\r\n");
      }
    }
    return b.append("Connection: close\r\n\r\n").toString();
  }

  /** Reads the body the client sends without waiting for a 100-continue, so that it sees the answer. */
  private static void skipBody(InputStream in, String head) throws IOException {
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("\r\ncontent-length:");
    if (at < 0 || lower.contains("\r\nexpect: 100-continue")) {
      return;
    }
    long length = Long.parseLong(lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).trim());
    in.skipNBytes(length);
  }

  private static void answerSlowDown(OutputStream out) throws IOException {
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
        + "<Message>Please reduce your request rate (a fault the test injected).</Message>"
        + "<RequestId>fault</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** The request line and headers, up to and including the blank line; empty when the client closed first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return "";
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 65_536) {
        throw new IOException("request head over 64 KB");
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 2); // without the blank line: closingAfterAnswer adds it back
  }
}
