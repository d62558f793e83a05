package com.screenalytics.facebank.testsupport;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Logback appender (wired in logback-test.xml) that keeps every log line of the test JVM, so tests
 * can assert on what was, or was not, logged (e.g. that no secret leaks).
 *
 * <p>A line is {@code LEVEL logger - message}, then the MDC and SLF4J key/value pairs when present,
 * then the full stack trace of any throwable: everything an appender could write somewhere.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {

  private static final List<String> LINES = new CopyOnWriteArrayList<>();
  private record Watch(Predicate<String> matches, CompletableFuture<String> seen) {}
  private static final List<Watch> WATCHES = new CopyOnWriteArrayList<>();

  /** Completes with the first line (logged already, or from now on) that matches. */
  public static CompletableFuture<String> await(Predicate<String> matches) {
    Watch watch = new Watch(matches, new CompletableFuture<>());
    WATCHES.add(watch);
    LINES.stream().filter(matches).findFirst().ifPresent(watch.seen()::complete);
    return watch.seen();
  }

  /** A snapshot of the lines logged so far, oldest first. */
  public static List<String> lines() {
    return List.copyOf(LINES);
  }

  public static void clear() {
    LINES.clear();
    WATCHES.clear();
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder()
        .append(event.getLevel()).append(' ')
        .append(event.getLoggerName()).append(" - ")
        .append(event.getFormattedMessage());
    if (event.getMDCPropertyMap() != null && !event.getMDCPropertyMap().isEmpty()) {
      line.append(" mdc=").append(event.getMDCPropertyMap());
    }
    if (event.getKeyValuePairs() != null && !event.getKeyValuePairs().isEmpty()) {
      line.append(" kv=").append(event.getKeyValuePairs());
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(System.lineSeparator()).append(ThrowableProxyUtil.asString(thrown));
    }
    String text = line.toString();
    LINES.add(text);
    WATCHES.forEach(watch -> {
      if (watch.matches().test(text) && watch.seen().complete(text)) {
        WATCHES.remove(watch);
      }
    });
  }
}
