package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.app.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code Main} in a child JVM, as an operator runs the jar: the product's classpath without the
 * test classes (so the product's logback.xml decides where the log goes), the project directory
 * as working directory, and an environment holding only the given configuration (plus what any
 * process needs: PATH, HOME, locale, temp dir). {@link #run} runs a command to its end;
 * {@link #start} starts the service, whose output is then read line by line — waiting for it to
 * listen reads that output, never a clock.
 */
public final class MainProcess implements AutoCloseable {

  /** How a finished run ended and what it printed. */
  public record Result(int exitCode, String stdout, String stderr) {
  }

  private static final Set<String> KEPT_ENV = Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "JAVA_HOME");
  private static final long RUN_LIMIT_SECONDS = 120;
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

  public static ProcessBuilder builder(Map<String, String> env, List<String> jvmOptions, String... args) {
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath));
    command.addAll(jvmOptions);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")));
    builder.environment().keySet().retainAll(KEPT_ENV);
    builder.environment().putAll(env);
    return builder;
  }

  /** Runs Main to its end (at most two minutes) and returns its exit code and output. */
  public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("main-process");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process = builder(env, List.of(), args)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    boolean exited;
    try {
      exited = process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    String errors = Files.readString(stderr, StandardCharsets.UTF_8);
    if (!exited) {
      throw new AssertionError("Main " + List.of(args) + " did not exit within " + RUN_LIMIT_SECONDS + " s; stderr: "
          + errors);
    }
    return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), errors);
  }

  /** Starts the service (no arguments) configured by {@code env}; stdout and stderr are read together. */
  public static MainProcess start(Map<String, String> env) {
    try {
      return new MainProcess(builder(env, List.of()).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the service with {@code jvmOptions}, the classpath handed over in an argument file so the
   * child's command line stays short (a cluster test starts several).
   */
  public static MainProcess startWithArgFile(Map<String, String> env, List<String> jvmOptions) {
    try {
      String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(entry -> !Path.of(entry).endsWith("test-classes"))
          .collect(Collectors.joining(File.pathSeparator));
      Path argFile = Files.createTempFile("facebank-classpath", ".args");
      argFile.toFile().deleteOnExit();
      Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile));
      command.addAll(jvmOptions);
      command.add(Main.class.getName());
      ProcessBuilder builder = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")));
      builder.environment().keySet().retainAll(KEPT_ENV);
      builder.environment().putAll(env);
      return new MainProcess(builder.redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Completes with the first line (already written or to come) that matches {@code pattern}. */
  public CompletableFuture<String> line(Pattern pattern) {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (lineWatches) {
      for (String line : output) {
        if (pattern.matcher(line).find()) {
          found.complete(line);
          return found;
        }
      }
      lineWatches.add(new LineWatch(pattern, found));
    }
    return found;
  }

  private record LineWatch(Pattern pattern, CompletableFuture<String> found) {
  }

  private final List<LineWatch> lineWatches = new ArrayList<>();

  /** The process's pid (for a kill -9 from outside, as an operator would). */
  public long pid() {
    return process.pid();
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
        synchronized (lineWatches) {
          output.add(line);
          String written = line;
          lineWatches.removeIf(watch -> {
            if (watch.pattern().matcher(written).find()) {
              watch.found().complete(written);
              return true;
            }
            return false;
          });
        }
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
