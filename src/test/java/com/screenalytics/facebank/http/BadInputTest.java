package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Input PostgreSQL cannot store or a caller cannot mean: a NUL or a lone surrogate in any string
 * field is a 422 naming the field; a query string that does not decode is a JSON 400; a repeated
 * query parameter, Idempotency-Key or admin header is a 400, never "the first one wins"; a client
 * gone mid-body or a bad chunk size is no ERROR of this service.
 */
@ExtendWith(ServiceExtension.class)
class BadInputTest {

  private final List<String> seen = new ArrayList<>();
  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    service.linkedShow("BAD_INPUT", service.trr.show("Bad Input"));
  }

  @AfterEach
  void tearDown() {
    SecretScan.closeAndScan(service, seen);
    assertThat(seen).as("no stack trace in a response").noneMatch(text -> text.contains("\tat "));
    assertThat(LogCapture.lines()).as("a caller's mistake is not an error of this service")
        .noneMatch(line -> line.startsWith("ERROR") || line.contains("\tat "));
  }

  @Test
  void aNulOrALoneSurrogateInAnyStringFieldIs422NamingTheField() {
    // As JSON escapes: an inner NUL, a trailing NUL, a lone high and a lone low surrogate.
    expect(post("/shows", "{\"show_id\": \"nul1\", \"title\": \"inner\\u0000nul\"}"), 422, "invalid_field", "title");
    expect(post("/shows", "{\"show_id\": \"nul2\", \"title\": \"trailing\\u0000\"}"), 422, "invalid_field", "title");
    expect(post("/shows/BAD_INPUT/cast", "{\"name\": \"half \\ud83d pair\"}"), 422, "invalid_field", "name");
    expect(post("/shows/BAD_INPUT/cast", "{\"name\": \"Ok\", \"aliases\": [\"fine\", \"\\udc00\"]}"), 422,
        "invalid_field", "aliases[1]");
    expect(post("/shows/BAD_INPUT/sync_facebank_seeds", "{\"note\": {\"deep\": \"\\u0000\"}}"), 422,
        "invalid_field", "note.deep");
    assertThat(service.db.count("SELECT count(*) FROM show WHERE show_id LIKE 'NUL%'")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
    // A whole pair is a character like any other.
    HttpResponse<Buffer> emoji = post("/shows/BAD_INPUT/cast", "{\"name\": \"Pair \\ud83d\\ude00\"}");
    keep(emoji);
    assertThat(emoji.statusCode()).as(emoji.bodyAsString()).isEqualTo(201);
    assertThat(service.db.query("SELECT name FROM cast_member")).extracting(row -> row.get("name"))
        .containsExactly("Pair \ud83d\ude00");
  }

  @Test
  void aMalformedOrRepeatedQueryIsAJson400AndNothingRuns() {
    expect(service.admin(HttpMethod.POST, "/shows/BAD_INPUT/sync_facebank_seeds?%zz=1").send().await(), 400,
        "invalid_query", "%-escape");
    expect(service.admin(HttpMethod.GET, "/shows/BAD_INPUT/sync_runs?limit=%zz").send().await(), 400,
        "invalid_query", "%-escape");
    expect(service.admin(HttpMethod.POST, "/shows/BAD_INPUT/sync_facebank_seeds?async=true&async=false").send()
        .await(), 400, "invalid_query", "'async'");
    expect(service.admin(HttpMethod.GET, "/shows/BAD_INPUT/sync_runs?limit=5&limit=500").send().await(), 400,
        "invalid_query", "'limit'");
    expect(service.admin(HttpMethod.POST, "/shows/BAD_INPUT/sync_facebank_seeds")
        .putHeader("Idempotency-Key", List.of("one", "two")).send().await(), 400, "invalid_idempotency_key",
        "Idempotency-Key");
    expect(service.request(HttpMethod.GET, "/shows")
        .putHeader(ServiceUnderTest.ADMIN_HEADER, List.of(ServiceUnderTest.ADMIN_SECRET, "other")).send().await(),
        400, "invalid_header", ServiceUnderTest.ADMIN_HEADER);
    expect(service.request(HttpMethod.GET, "/shows")
        .putHeader(ServiceUnderTest.ADMIN_HEADER, List.of("wrong", ServiceUnderTest.ADMIN_SECRET)).send().await(),
        400, "invalid_header", ServiceUnderTest.ADMIN_HEADER);
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }

  @Test
  void aClientGoneMidBodyOrABadChunkSizeIsNoErrorOfThisService() throws Exception {
    String head = "POST /shows HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + ServiceUnderTest.ADMIN_HEADER + ": " + ServiceUnderTest.ADMIN_SECRET + "\r\n";
    try (Socket gone = new Socket("127.0.0.1", service.port())) {
      gone.getOutputStream().write((head + "Content-Length: 200\r\n\r\n{\"show_id\": \"gone\"")
          .getBytes(StandardCharsets.US_ASCII));
      gone.getOutputStream().flush();
    }
    try (Socket badChunk = new Socket("127.0.0.1", service.port())) {
      OutputStream out = badChunk.getOutputStream();
      out.write((head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = badChunk.getInputStream();
      badChunk.setSoTimeout(10_000);
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).as("answered, or closed").doesNotContain("\tat ");
    }
    assertThat(LogCapture.lines()).filteredOn(line -> line.contains("chunk size")).as("one line about it")
        .hasSize(1).allMatch(line -> line.startsWith("WARN") || line.startsWith("DEBUG"));
    // The service still answers, and the shows were not created.
    HttpResponse<Buffer> shows = service.get("/shows");
    keep(shows);
    assertThat(shows.statusCode()).isEqualTo(200);
    assertThat(service.db.count("SELECT count(*) FROM show WHERE show_id = 'GONE'")).isZero();
  }

  private HttpResponse<Buffer> post(String path, String raw) {
    return service.postRaw(path, raw);
  }

  private void keep(HttpResponse<Buffer> response) {
    seen.add(SecretScan.seen(response));
  }

  private void expect(HttpResponse<Buffer> response, int status, String code, String named) {
    keep(response);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).contains(named);
  }
}
