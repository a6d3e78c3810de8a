package io.lakeml.api;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Every log line written through log4j from {@link #start} on, at the levels the loggers are set to. */
final class LogCapture {
  private final StringWriter lines = new StringWriter();

  synchronized void start() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    WriterAppender appender = WriterAppender.newBuilder().setName("capture-" + System.identityHashCode(this))
        .setTarget(lines).setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    config.getLoggers().values().forEach(l -> l.addAppender(appender, Level.ALL, null));
    context.updateLoggers();
  }

  synchronized String text() {
    return lines.toString();
  }
}
