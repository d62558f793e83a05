package com.screenalytics.facebank.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code operator add|remove NAME} and {@code console-link [NAME]} as an operator runs them, in a
 * child JVM on the service's database: the password from stdin (no terminal there), the outcome
 * on stdout, and the accounts and links the running service then accepts.
 */
@ExtendWith(ServiceExtension.class)
class OperatorCommandTest {

  private static final String PASSWORD = "Cli-Operator-Pw-6620";

  @TempDir
  Path dir;

  @Test
  void addSignInLinkAndRemove(ServiceUnderTest service) throws Exception {
    Run added = run(service, PASSWORD + "\n", "operator", "add", "Dana");
    assertThat(added.exit()).as(added.stderr()).isZero();
    assertThat(added.stdout().trim()).isEqualTo("Operator dana created.");
    assertThat(signIn(service, "dana", PASSWORD).statusCode()).isEqualTo(200);

    Run changed = run(service, "Another-Cli-Pw-1188\n", "operator", "add", "dana");
    assertThat(changed.stdout().trim()).isEqualTo("Operator dana has a new password; their sessions have ended.");
    assertThat(signIn(service, "dana", "Another-Cli-Pw-1188").statusCode()).isEqualTo(200);

    Run link = run(service, "", "console-link");
    assertThat(link.exit()).as(link.stderr()).isZero();
    assertThat(link.stdout().trim()).matches("https://console\\.example/#/link/[A-Za-z0-9_-]{43}");
    String token = link.stdout().trim().substring(link.stdout().trim().indexOf("#/link/") + 7);
    HttpResponse<Buffer> used = service.request(HttpMethod.POST, "/console/sign-in/link")
        .sendJson(new JsonObject().put("token", token)).await();
    assertThat(used.statusCode()).isEqualTo(200);
    assertThat(used.bodyAsJsonObject().getString("operator")).isEqualTo("dana");

    Run removed = run(service, "", "operator", "remove", "dana");
    assertThat(removed.stdout().trim()).isEqualTo("Operator dana removed.");
    Run again = run(service, "", "operator", "remove", "dana");
    assertThat(again.exit()).isEqualTo(OperatorCommand.EXIT_REFUSED);
    assertThat(again.stderr()).contains("operator_not_found");
    assertThat(signIn(service, "dana", "Another-Cli-Pw-1188").statusCode()).isEqualTo(401);

    for (Run run : List.of(added, changed, link, removed, again)) {
      assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD).doesNotContain("Another-Cli-Pw-1188");
    }
  }

  @Test
  void aBadNameOrPasswordIsAUsageError(ServiceUnderTest service) throws Exception {
    Run reserved = run(service, PASSWORD + "\n", "operator", "add", "cli");
    assertThat(reserved.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(reserved.stderr()).contains("reserved");
    Run shortPassword = run(service, "short\n", "operator", "add", "erin");
    assertThat(shortPassword.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(shortPassword.stderr()).contains("password must be 10-1024 characters").doesNotContain("short\n");
    Run noName = run(service, "", "console-link");
    assertThat(noName.exit()).as("no operator to choose").isEqualTo(OperatorCommand.EXIT_REFUSED);
    assertThat(noName.stderr()).contains("operator_name_required");
    assertThat(service.db.count("SELECT count(*) FROM operator")).isZero();
  }

  record Run(int exit, String stdout, String stderr) {
  }

  private Run run(ServiceUnderTest service, String stdin, String... args) throws IOException, InterruptedException {
    Path in = Files.writeString(Files.createTempFile(dir, "stdin", ".txt"), stdin);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Map<String, String> env = Map.of(AppConfig.DB_URL, service.db.url(),
        AppConfig.CONSOLE_PUBLIC_URL, "https://console.example");
    Process process = MainProcess.builder(env, List.of(), args)
        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Main " + List.of(args) + " did not exit");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static HttpResponse<Buffer> signIn(ServiceUnderTest service, String name, String password) {
    return service.request(HttpMethod.POST, "/console/sign-in")
        .sendJson(new JsonObject().put("name", name).put("password", password)).await();
  }
}
