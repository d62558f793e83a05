package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.app.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as an operator runs it: {@link Main} in a JVM of its own, on the test classpath,
 * configured by environment variables. Its output (stdout and stderr together) is kept line by
 * line; waiting for it to listen reads that output, never a clock.
 */
public final class MainProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("facebank-sync listening on [^:\\s]+:(\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> listening = new CompletableFuture<>();

  private MainProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "main-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts Main with this JVM's environment minus stage toggles and DATA_DIR, plus {@code env}. */
  public static MainProcess start(Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName())
        .directory(new File(System.getProperty("user.dir")))
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("STAGE_") || key.equals("DATA_DIR"));
    builder.environment().putAll(env);
    try {
      return new MainProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The HTTP port, once the service says it listens; fails if it exits or takes longer than {@code limit}. */
  public int awaitListening(Duration limit) {
    try {
      return listening.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException("the service did not start listening; output:\n" + String.join("\n", output), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether the process ended within {@code limit}. */
  public boolean awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** Every line written so far, stdout and stderr interleaved. */
  public List<String> output() {
    return List.copyOf(output);
  }

  /** SIGKILL: no shutdown hook, no clean-up, as when the machine or the OOM killer takes it. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops it politely (SIGTERM, so shutdown hooks run), forcibly if that takes too long. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  private void readOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.add(line);
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          listening.complete(Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      // The process is gone; what it wrote is kept.
    } finally {
      listening.completeExceptionally(new IllegalStateException("the process ended"));
    }
  }
}
