package com.screenalytics.facebank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 3.3: conf/config.json &lt; environment &lt; -D system properties, and a configuration that
 * prints without its secrets. Environment cases run in a child JVM ({@link PrintConfig}).
 */
@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @TempDir
  Path tmp;

  private Path file;

  @BeforeEach
  void writeConfigFile() throws Exception {
    file = tmp.resolve("config.json");
    Files.writeString(file, new JsonObject()
        .put(AppConfig.HTTP_PORT, 1111)
        .put(AppConfig.HTTP_HOST, "10.1.2.3")
        .put(AppConfig.SYNC_PERSON_CONCURRENCY, 3)
        .encodePrettily());
  }

  @Test
  void fileValuesAreReadWhenNothingOverridesThem(Vertx vertx) {
    assumeNotOverridden(AppConfig.HTTP_PORT, AppConfig.HTTP_HOST, AppConfig.SYNC_PERSON_CONCURRENCY);

    AppConfig config = ConfigLoader.load(vertx, file.toString()).await();

    assertThat(config.httpPort()).isEqualTo(1111);
    assertThat(config.httpHost()).isEqualTo("10.1.2.3");
    assertThat(config.syncPersonConcurrency()).isEqualTo(3);
  }

  @Test
  void aSystemPropertyBeatsTheFile(Vertx vertx) {
    assumeNotOverridden(AppConfig.HTTP_PORT, AppConfig.SYNC_PERSON_CONCURRENCY);
    System.setProperty(AppConfig.SYNC_PERSON_CONCURRENCY, "5");
    try {
      AppConfig config = ConfigLoader.load(vertx, file.toString()).await();

      assertThat(config.syncPersonConcurrency()).isEqualTo(5);
      assertThat(config.httpPort()).as("untouched keys still come from the file").isEqualTo(1111);
    } finally {
      System.clearProperty(AppConfig.SYNC_PERSON_CONCURRENCY);
    }
  }

  @Test
  void aMissingFileIsNotAnErrorAndDefaultsApply(Vertx vertx) {
    assumeNotOverridden(AppConfig.HTTP_PORT, AppConfig.SYNC_PERSON_CONCURRENCY);

    AppConfig config = ConfigLoader.load(vertx, tmp.resolve("absent.json").toString()).await();

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.syncPersonConcurrency()).isEqualTo(16);
  }

  @Test
  void inAChildJvmTheFileIsReadWithoutOverrides() throws Exception {
    Map<String, String> printed = printConfig(Map.of(), List.of());

    assertThat(printed).containsEntry("HTTP_PORT", "1111").containsEntry("SYNC_PERSON_CONCURRENCY", "3");
  }

  @Test
  void anEnvironmentVariableBeatsTheFile() throws Exception {
    Map<String, String> printed = printConfig(Map.of("HTTP_PORT", "2222"), List.of());

    assertThat(printed).containsEntry("HTTP_PORT", "2222");
    assertThat(printed).as("untouched keys still come from the file").containsEntry("SYNC_PERSON_CONCURRENCY", "3");
  }

  @Test
  void aSystemPropertyBeatsTheEnvironment() throws Exception {
    Map<String, String> printed = printConfig(Map.of("HTTP_PORT", "2222"), List.of("-DHTTP_PORT=3333"));

    assertThat(printed).containsEntry("HTTP_PORT", "3333");
  }

  @Test
  void toStringShowsNeitherSecretsNorUrlPasswords() {
    AppConfig config = new AppConfig(new JsonObject()
        .put(AppConfig.DB_URL, "postgresql://u:pw-x@h:5432/d")
        .put(AppConfig.TRR_DB_URL, "postgresql://trr:pw-Trr-99@trrhost:5433/trr")
        .put(AppConfig.TRR_API_URL, "https://api:pw-Api-42@trr.example/base/")
        .put(AppConfig.SERVICE_TOKEN, "svc-Tok-Secret-1")
        .put(AppConfig.ADMIN_SECRET, "adm-Secret-Value-2"));

    String text = config.toString();

    assertThat(text).doesNotContain("pw-x", "pw-Trr-99", "pw-Api-42", "svc-Tok-Secret-1", "adm-Secret-Value-2");
    assertThat(text).as("still useful to an operator").contains("h:5432/d", "trrhost:5433/trr", "trr.example");
  }

  @Test
  void toStringHidesAPasswordGivenInTheUrlQuery() {
    // PgConnectOptions.fromUri (what the service connects with) takes ?password= as the password.
    AppConfig config = new AppConfig(new JsonObject()
        .put(AppConfig.DB_URL, "postgresql://h:5432/d?user=u&password=pw-Query-7")
        .put(AppConfig.TRR_DB_URL, "postgresql://trrhost/trr?password=pw-TrrQuery-8"));

    assertThat(config.toString()).doesNotContain("pw-Query-7", "pw-TrrQuery-8");
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The keys this class sets must not already be set in the test JVM, or the in-JVM cases mean nothing. */
  private static void assumeNotOverridden(String... keys) {
    for (String key : keys) {
      assumeTrue(System.getenv(key) == null, key + " is set in the environment");
      assumeTrue(System.getProperty(key) == null, key + " is set as a system property");
    }
  }

  /** Runs {@link PrintConfig} on the temp file in a child JVM and parses its KEY=value lines. */
  private Map<String, String> printConfig(Map<String, String> env, List<String> jvmArgs) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PrintConfig.class.getName());
    command.add(file.toString());
    Path out = tmp.resolve("out-" + System.nanoTime() + ".txt");
    Path err = tmp.resolve("err-" + System.nanoTime() + ".txt");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(new File(System.getProperty("user.dir")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().keySet().removeIf(key -> key.equals(AppConfig.HTTP_PORT) || key.equals(AppConfig.HTTP_HOST)
        || key.equals(AppConfig.SYNC_PERSON_CONCURRENCY));
    builder.environment().putAll(env);

    Process process = builder.start();
    boolean exited;
    try {
      exited = process.waitFor(60, TimeUnit.SECONDS);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    String errors = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(exited).as("PrintConfig must exit; stderr: %s", errors).isTrue();
    assertThat(process.exitValue()).as("PrintConfig exit code; stderr: %s", errors).isZero();

    Map<String, String> printed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
        printed.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return printed;
  }
}
