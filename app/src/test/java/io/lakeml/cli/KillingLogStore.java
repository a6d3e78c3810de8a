package io.lakeml.cli;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log store for {@code file:} tables, which SIGKILLs its own JVM at a chosen point: every
 * Delta read of a table lists its log ({@code listFrom}) and every commit writes it ({@code write}),
 * so {@code read:n} kills when the JVM's n-th table read starts, {@code before:n} just before its
 * n-th commit (the commit's data files are written and its log entry is not), {@code after:n}
 * just after it (the table moved on and nothing that follows in the job happened). Set in a
 * fault-injection child JVM with {@code -Dspark.delta.logStore.file.impl} and {@link #KILL}; each
 * point the JVM passes is traced to the file {@link #TRACE} names (point, table).
 */
public final class KillingLogStore extends HDFSLogStore {
  static final String KILL = "lakeml.faults.kill";
  static final String TRACE = "lakeml.faults.trace";
  private static final AtomicInteger COMMITS = new AtomicInteger();
  private static final AtomicInteger READS = new AtomicInteger();

  /** Counts from zero again: a traced run in a JVM that ran others before it. */
  static void restartCounts() {
    COMMITS.set(0);
    READS.set(0);
  }

  public KillingLogStore(Configuration conf) {
    super(conf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf) throws IOException {
    boolean commit = !overwrite && path.getName().matches("\\d{20}\\.json");
    if (!commit) {
      super.write(path, actions, overwrite, conf);
      return;
    }
    int n = COMMITS.incrementAndGet();
    String table = path.getParent().getParent().getName();
    pass("before:" + n, table);
    super.write(path, actions, overwrite, conf);
    pass("after:" + n, table);
  }

  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration conf) throws IOException {
    if (path.getParent() != null && path.getParent().getName().equals("_delta_log")) {
      pass("read:" + READS.incrementAndGet(), path.getParent().getParent().getName());
    }
    return super.listFrom(path, conf);
  }

  private static void pass(String point, String table) {
    trace(point + "\t" + table);
    killAt(point, table);
  }

  private static void killAt(String point, String table) {
    if (point.equals(System.getProperty(KILL))) {
      trace("killed " + point + " " + table);
      try {
        // SIGKILL, as the kernel's out-of-memory killer or a lost node would end it: no shutdown hook runs.
        new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
        Thread.sleep(60_000);
      } catch (IOException | InterruptedException e) {
        Runtime.getRuntime().halt(137);
      }
      Runtime.getRuntime().halt(137);
    }
  }

  private static synchronized void trace(String line) {
    String file = System.getProperty(TRACE);
    if (file == null) {
      return;
    }
    try {
      Files.writeString(java.nio.file.Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
