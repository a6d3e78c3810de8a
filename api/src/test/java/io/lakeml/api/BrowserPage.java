package io.lakeml.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page opened in a real headless Chromium (Debian's {@code chromium}; {@code LAKEML_CHROMIUM}
 * names another binary): the DOM after its scripts ran, and a screenshot.
 */
final class BrowserPage {
  private BrowserPage() {}

  static String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", page.toAbsolutePath().toUri().toString()));
  }

  static Path screenshot(Path page, Path png) throws IOException, InterruptedException {
    run(List.of("--window-size=1400,2300", "--screenshot=" + png.toAbsolutePath(), page.toAbsolutePath().toUri().toString()));
    return png;
  }

  /** The value of {@code name} on the page's body, as the DOM dump prints it. */
  static String attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
    if (!m.find()) {
      throw new AssertionError("The page has no " + name + " attribute: its script did not finish");
    }
    return m.group(1);
  }

  private static String run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--virtual-time-budget=10000"));
    command.addAll(args);
    Path log = Files.createTempFile("chromium", ".log");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("chromium failed: " + Files.readString(log));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String binary() {
    String given = System.getenv("LAKEML_CHROMIUM");
    return given != null ? given : "chromium";
  }
}
