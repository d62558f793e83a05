package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Callers sending what they should not, by mistake or on purpose: oversized bodies however they
 * are framed, form encodings, wrong methods on every route, undecodable paths, oversized
 * headers. Each gets its documented answer, never a 500 or a stack trace, in the response or the
 * log; and nothing runs that should not.
 */
@ExtendWith(ServiceExtension.class)
class EdgeInputTest {

  private static final String SYNC = "/shows/rhoslc/sync_facebank_seeds";
  private static final int BODY_LIMIT = 64 * 1024;

  private final List<String> seen = new ArrayList<>();
  private ServiceUnderTest service;
  private UUID person;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    UUID show = service.trr.show("Edge Input");
    person = service.trr.selfCredited(show, "Edge Person");
    for (int i = 1; i <= 3; i++) {
      service.trr.seedPhoto(person, "https://cdn.example/edge/" + i + ".jpg", i);
    }
    service.linkedShow("rhoslc", show);
  }

  @AfterEach
  void tearDown() {
    SecretScan.closeAndScan(service, seen);
    assertThat(seen).as("no stack trace in a response").noneMatch(text -> text.contains("\tat ")
        || text.contains("Exception"));
    assertThat(LogCapture.lines()).as("a caller's mistake is not an error of this service")
        .noneMatch(line -> line.startsWith("ERROR"));
  }

  @Test
  void aSyncBodyOver64KiBIs413HoweverItIsFramedAndNothingRuns() {
    String over = json(BODY_LIMIT + 1);

    assertError(service.postRaw(SYNC, over), 413, "body_too_large");
    assertError(chunked(SYNC, over), 413, "body_too_large");
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();

    HttpResponse<Buffer> atTheLimit = keep(service.postRaw(SYNC, json(BODY_LIMIT)));
    assertThat(atTheLimit.statusCode()).as("exactly 64 KiB is read").isEqualTo(200);
    assertThat(atTheLimit.bodyAsJsonObject().getInteger("max_images_per_person")).isEqualTo(2);
  }

  @Test
  void formEncodedBodiesAreReadAsTheJsonTheyCarry() {
    // What curl -d sends: the JSON, labelled as a form.
    String big = new JsonObject().put("max_images_per_person", 2).put("note", "x".repeat(20_000)).encode();
    HttpResponse<Buffer> curlStyle = keep(service.admin(HttpMethod.POST, SYNC)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(big)).await());

    assertThat(curlStyle.statusCode()).as(curlStyle.bodyAsString()).isEqualTo(200);
    assertThat(curlStyle.bodyAsJsonObject().getInteger("max_images_per_person")).isEqualTo(2);

    String multipart = "--xx\r\nContent-Disposition: form-data; name=\"max_images_per_person\"\r\n\r\n2\r\n--xx--\r\n";
    assertError(service.admin(HttpMethod.POST, SYNC).putHeader("Content-Type", "multipart/form-data; boundary=xx")
        .sendBuffer(Buffer.buffer(multipart)).await(), 400, "invalid_json");
    assertError(service.admin(HttpMethod.POST, SYNC).putHeader("Content-Encoding", "gzip")
        .sendBuffer(Buffer.buffer("not gzip at all")).await(), 400, "invalid_json");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("only the form-labelled JSON ran").isEqualTo(1);
  }

  @Test
  void everyWrongMethodIs405InJson() {
    String people = "/people/" + person + "/facebank";
    List<String> wrong = List.of(
        "GET " + SYNC, "PUT " + SYNC, "PATCH " + SYNC, "DELETE " + SYNC,
        "PUT /shows", "DELETE /shows", "PATCH /shows", "OPTIONS /shows", "TRACE /shows",
        "POST /shows/rhoslc", "DELETE /shows/rhoslc", "PUT /shows/rhoslc/cast", "DELETE /shows/rhoslc/cast",
        "POST " + people, "DELETE " + people,
        "POST /health", "DELETE /ready", "PUT /metrics", "HEAD /health");
    for (String call : wrong) {
      String[] parts = call.split(" ");
      HttpResponse<Buffer> response = keep(service.admin(HttpMethod.valueOf(parts[0]), parts[1]).send().await());
      assertThat(response.statusCode()).as(call).isEqualTo(405);
      if (!parts[0].equals("HEAD")) {
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).as(call)
            .isEqualTo("method_not_allowed");
      }
    }
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
  }

  @Test
  void anUndecodablePathIs400InJsonAndOversizedHeadersAre431() {
    for (String path : List.of("/shows/%ZZ/sync_facebank_seeds", "/shows/rh%", "/people/%E0%A4%A/facebank")) {
      assertError(service.admin(HttpMethod.POST, path).send().await(), 400, "invalid_path");
    }
    HttpResponse<Buffer> oddSecret = keep(service.request(HttpMethod.GET, "/shows")
        .putHeader(ServiceUnderTest.ADMIN_HEADER, "ädm-Sécret-4417").send().await());
    assertError(oddSecret, 403, "forbidden");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();

    // Last: the server closes the connection after a 431, and the client may not know it yet.
    HttpResponse<Buffer> bigHeader = keep(service.admin(HttpMethod.GET, "/shows")
        .putHeader("X-Padding", "a".repeat(9_000)).send().await());
    assertThat(bigHeader.statusCode()).isEqualTo(431);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A valid sync body ({"max_images_per_person": 2, "pad": "…"}) of exactly {@code size} bytes. */
  private static String json(int size) {
    String head = "{\"max_images_per_person\": 2, \"pad\": \"";
    String tail = "\"}";
    return head + "x".repeat(size - head.length() - tail.length()) + tail;
  }

  /** POSTs {@code body} streamed from a file, so it goes chunked: no length is declared up front. */
  private HttpResponse<Buffer> chunked(String path, String body) {
    try {
      Path file = Files.createTempFile("edge-body", ".json");
      Files.writeString(file, body, StandardCharsets.UTF_8);
      AsyncFile stream = service.vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();
      try {
        return service.admin(HttpMethod.POST, path).putHeader("Content-Type", "application/json")
            .sendStream(stream).await();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<Buffer> keep(HttpResponse<Buffer> response) {
    seen.add(SecretScan.seen(response));
    return response;
  }

  private void assertError(HttpResponse<Buffer> response, int status, String code) {
    keep(response);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
  }
}
