package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.app.Main;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code Main} in a child JVM, as an operator runs the jar: the product's classpath without the
 * test classes (so the product's logback.xml decides where the log goes), the project directory
 * as working directory, and an environment cleared of every configuration key except the given ones.
 */
public final class MainProcess {

  /** How a finished run ended and what it printed. */
  public record Result(int exitCode, String stdout, String stderr) {
  }

  private static final Set<String> CONFIG_KEYS = Set.of("HTTP_PORT", "HTTP_HOST", "DB_URL", "DATA_DIR", "DB_POOL_SIZE",
      "TRR_DB_URL", "TRR_DB_POOL_SIZE", "TRR_STATEMENT_TIMEOUT_MS", "TRR_API_URL", "SCREENALYTICS_SERVICE_TOKEN",
      "PHOTOS_TIMEOUT_MS", "SCREENALYTICS_ADMIN_SECRET", "SYNC_PERSON_CONCURRENCY", "SYNC_TIMEOUT_MS", "STAGES_DIR",
      "DEMO_PHOTOS_PORT");
  private static final long RUN_LIMIT_SECONDS = 120;

  private MainProcess() {
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
    builder.environment().keySet().removeIf(key -> CONFIG_KEYS.contains(key) || key.startsWith("STAGE_"));
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
}
