package com.screenalytics.facebank.db;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Databases failing: ours in the middle of a person (that person is rolled back whole, the others
 * go on), TRR too slow (its statement timeout, a 502), and ours unreachable at start-up (a fast,
 * clear refusal to start). No response or log line carries a secret.
 */
@ExtendWith(ServiceExtension.class)
class DatabaseFaultTest {

  private static final String SHOW = "DB_FAULTS";
  private static final String CDN = "https://cdn.example/db-faults/";
  /** What a run may take beyond its own timeouts on a loaded CI machine. */
  private static final long SLACK_MS = 2_500;

  private final List<String> seen = new ArrayList<>();
  private ServiceUnderTest service;

  @AfterEach
  void tearDown() {
    SecretScan.closeAndScan(service, seen);
  }

  @Test
  void ourDatabaseFailingMidPersonRollsThatPersonBackWholeAndTheRunGoesOn(ServiceUnderTest service) {
    this.service = service;
    UUID trrShow = service.trr.show("Rollback: The Series");
    UUID fine = seeded(trrShow, "Fine Person", null, 2);
    UUID createdVictim = seeded(trrShow, "Created Victim", null, 2);
    UUID matchedVictim = seeded(trrShow, "Matched Victim", "nm7000001", 1);
    service.linkedShow(SHOW, trrShow);
    String memberId = service.addCast(SHOW, new JsonObject().put("name", "Matched Victim").put("imdb_id", "nm7000001"))
        .getString("cast_id");
    // Refuses the images of two people: their person row and cast link were already written by then,
    // in the same transaction.
    service.db.execute("""
        CREATE FUNCTION refuse_victims() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.person_id IN ('%s', '%s') THEN
            RAISE EXCEPTION 'injected failure for person %%', NEW.person_id;
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_victims BEFORE INSERT ON face_bank_images
            FOR EACH ROW EXECUTE FUNCTION refuse_victims();""".formatted(createdVictim, matchedVictim));

    JsonObject body = sync();

    assertThat(body.getString("status")).isEqualTo("partial");
    assertThat(body.getInteger("import_errors")).isEqualTo(2);
    for (UUID victim : List.of(createdVictim, matchedVictim)) {
      JsonObject result = person(body, victim);
      assertThat(result.getString("status")).isEqualTo("error");
      assertThat(result.getJsonObject("error").getString("code")).isEqualTo("db_write_failed");
      assertThat(result.getJsonObject("error").getString("message")).contains("rolled back", "injected failure");
      assertThat(result.getInteger("imported_images")).isZero();
      assertThat(count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", victim)).isZero();
      assertThat(count("SELECT count(*) FROM person WHERE person_id = ?", victim)).as("no person row").isZero();
      assertThat(count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", victim)).as("no link").isZero();
    }
    assertThat(person(body, createdVictim).getString("match")).isEqualTo("created");
    assertThat(person(body, createdVictim).getValue("cast_id")).as("the member was not created").isNull();
    assertThat(person(body, matchedVictim).getString("cast_id")).isEqualTo(memberId);
    assertThat(service.db.query("SELECT trr_person_id, person_id FROM cast_member WHERE cast_id = ?",
        UUID.fromString(memberId))).singleElement().satisfies(row -> {
          assertThat(row.get("trr_person_id")).as("the matched member stays unlinked").isNull();
          assertThat(row.get("person_id")).isNull();
        });
    assertThat(person(body, fine).getString("status")).isEqualTo("ok");
    assertThat(count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", fine)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM person WHERE person_id = ?", fine)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", fine)).isEqualTo(1);
    assertThat(service.db.query("SELECT status FROM sync_run")).extracting(row -> row.get("status"))
        .containsExactly("partial");

    // Nothing is lost: once the database behaves, the next run writes them whole.
    service.db.execute("DROP TRIGGER refuse_victims ON face_bank_images");
    JsonObject again = sync();

    assertThat(again.getString("status")).isEqualTo("ok");
    assertThat(count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", createdVictim)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", matchedVictim)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", createdVictim)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM cast_member WHERE cast_id = ? AND trr_person_id = ?",
        UUID.fromString(memberId), matchedVictim)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM face_bank_images")).isEqualTo(5);
  }

  @Test
  void aTrrQueryPastTheStatementTimeoutIs502InBoundedTime(Services services) {
    int statementTimeoutMs = 300;
    service = services.start(new JsonObject().put(AppConfig.TRR_STATEMENT_TIMEOUT_MS, statementTimeoutMs));
    UUID trrShow = service.trr.show("Slow TRR");
    seeded(trrShow, "Slow Person", null, 1);
    service.linkedShow(SHOW, trrShow);
    // The cast view now takes 10 s to answer.
    service.trr.db().execute("""
        ALTER VIEW core.v_show_cast RENAME TO v_show_cast_fast;
        CREATE VIEW core.v_show_cast AS
            SELECT * FROM core.v_show_cast_fast WHERE (SELECT true FROM pg_sleep(10));""");

    long started = System.nanoTime();
    HttpResponse<Buffer> response = keep(service.sync(SHOW, null));
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(502);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("trr_db_unavailable");
    assertThat(error.getString("message")).contains("statement timeout");
    assertThat(elapsed).as("TRR_STATEMENT_TIMEOUT_MS ended the query").isLessThan(statementTimeoutMs + SLACK_MS);
    assertThat(service.photos.calls()).isEmpty();
    assertThat(count("SELECT count(*) FROM cast_member")).isZero();
    assertThat(service.db.query("SELECT status FROM sync_run")).extracting(row -> row.get("status"))
        .containsExactly("error");
    // TRR itself still answers; /ready reports each database on its own.
    HttpResponse<Buffer> ready = keep(service.request(HttpMethod.GET, "/ready").send().await());
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("database").getString("status"))
        .isEqualTo("UP");
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("trr_database").getString("status"))
        .isEqualTo("UP");
  }

  @Test
  void startUpWithAnUnreachableDbUrlFailsFastWithAClearMessage() throws Exception {
    int connectTimeoutMs = 2_000;
    // A port nothing listens on, and one that accepts connections but never answers.
    try (ServerSocket refused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int closedPort = refused.getLocalPort();
      refused.close();
      for (int port : new int[] {closedPort, silent.getLocalPort()}) {
        String url = "postgresql://fb:" + TestDatabases.DB_PASSWORD + "@127.0.0.1:" + port + "/fb";
        long started = System.nanoTime();
        try (MainProcess main = MainProcess.start(Map.of("DB_URL", url, "HTTP_PORT", "0",
            "HTTP_HOST", "127.0.0.1", "DB_CONNECT_TIMEOUT_MS", Integer.toString(connectTimeoutMs)))) {
          boolean exited = main.awaitExit(Duration.ofSeconds(60));
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          String output = String.join("\n", main.output());
          seen.add(output);

          assertThat(exited).as("port %s: Main must give up; output: %s", port, output).isTrue();
          assertThat(main.exitValue()).as("exit code; output: %s", output).isEqualTo(1);
          assertThat(output).contains("facebank-sync cannot start: cannot use the SCREENALYTICS database at 127.0.0.1:"
              + port + "/fb");
          assertThat(output).as("no stack trace for an operator's mistake").doesNotContain("\tat ");
          // A JVM start plus DB_CONNECT_TIMEOUT_MS, not the JDBC default of waiting for ever.
          assertThat(elapsed).as("port %s", port).isLessThan(connectTimeoutMs + 20_000);
        }
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A Self-credited TRR person with {@code photos} seed photos. */
  private UUID seeded(UUID trrShow, String name, String imdbId, int photos) {
    UUID person = service.trr.person(name, imdbId);
    service.trr.credit(trrShow, person, "Self");
    for (int i = 1; i <= photos; i++) {
      service.trr.seedPhoto(person, CDN + person + "/" + i + ".jpg", i);
    }
    return person;
  }

  private JsonObject sync() {
    HttpResponse<Buffer> response = keep(service.sync(SHOW, null));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> keep(HttpResponse<Buffer> response) {
    seen.add(SecretScan.seen(response));
    return response;
  }

  private long count(String sql, Object... params) {
    return service.db.count(sql, params);
  }
}
