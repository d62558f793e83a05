package com.screenalytics.facebank.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.screenalytics.facebank.sync.SyncRequest;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: help, usage errors (exit 2), the sync arguments, and a demo-free normal start-up. */
class MainTest {

  @Test
  void helpPrintsTheUsageOnStdoutAndExits0() throws Exception {
    MainProcess.Result run = MainProcess.run(Map.of(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("Usage:", "demo", "sync SHOW_ID [--max-images N]", "3 partial");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"bogus", "sync", "sync a b", "sync a --max-images", "sync a --max-images many",
      "sync a --what", "sync bad!id", "demo extra", "serve extra"})
  void aUsageErrorPrintsTheUsageOnStderrAndExits2(String args) throws Exception {
    MainProcess.Result run = MainProcess.run(Map.of(), args.split(" "));

    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.stderr()).contains("facebank-sync: ", "Usage:");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void syncArgumentsAreValidatedAndClampedLikeTheHttpBody() {
    assertThat(SyncCommand.parse(List.of("rhoslc"))).isEqualTo(new SyncRequest("RHOSLC", 5, false, null));
    assertThat(SyncCommand.parse(List.of("--max-images", "3", "rhoslc"))).isEqualTo(new SyncRequest("RHOSLC", 3, false, null));
    assertThat(SyncCommand.parse(List.of("rhoslc", "--max-images=99"))).isEqualTo(new SyncRequest("RHOSLC", 20, false, null));
    assertThat(SyncCommand.parse(List.of("rhoslc", "--max-images", "0"))).isEqualTo(new SyncRequest("RHOSLC", 1, false, null));
    assertThat(SyncCommand.parse(List.of("rhoslc", "--max-images", "123456789012345678901234567890")).maxImagesPerPerson())
        .isEqualTo(20);
    assertThatThrownBy(() -> SyncCommand.parse(List.of("rhoslc", "--max-images", "2", "--max-images", "3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> SyncCommand.parse(List.of("rhoslc", "--max-images", "2.5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
  }

  @Test
  void theStatusDecidesTheExitCode() {
    assertThat(SyncCommand.exitCode("ok")).isZero();
    assertThat(SyncCommand.exitCode("partial")).isEqualTo(3);
    assertThat(SyncCommand.exitCode("error")).isEqualTo(4);
  }

  /** The demo lives apart: serving, the product loads none of its classes. */
  @Test
  void theNormalStartUpLoadsNothingOfTheDemo() throws Exception {
    Process process = MainProcess.builder(Map.of(
            "DB_URL", TestDatabases.create("main_serve").url(), "HTTP_PORT", "0", "HTTP_HOST", "127.0.0.1"),
            List.of("-Xlog:class+load=info"))
        .redirectErrorStream(true)
        .start();
    List<String> lines = new ArrayList<>();
    CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
          if (line.contains("facebank-sync listening on")) {
            return true;
          }
        }
        return false;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    try {
      assertThat(listening.get(90, TimeUnit.SECONDS)).as("the service started; output: %s", lines).isTrue();
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(lines).as("classes loaded").anyMatch(line -> line.contains("com.screenalytics.facebank.app.FacebankApp"));
    assertThat(lines).noneMatch(line -> line.contains("com.screenalytics.facebank.demo."));
  }
}
