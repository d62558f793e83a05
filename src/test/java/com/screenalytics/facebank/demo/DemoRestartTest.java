package com.screenalytics.facebank.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.SyncResults;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second run of the demo on the same DATA_DIR keeps every row and imports nothing new. */
class DemoRestartTest {

  private static final String FACE_BANK = "SELECT image_id, person_id, s3_original_key FROM face_bank_images ORDER BY image_id";
  private static final String CAST = "SELECT cast_id, show_id, name, trr_person_id FROM cast_member ORDER BY cast_id";
  private static final String TRR_ROWS = """
      SELECT (SELECT count(*) FROM core.shows) AS shows, (SELECT count(*) FROM core.people) AS people,
             (SELECT count(*) FROM core.credits) AS credits, (SELECT count(*) FROM core.media_links) AS photos""";

  @Test
  void aSecondRunKeepsTheDataAndImportsNothing(@TempDir Path dataDir) {
    List<Map<String, Object>> faceBank;
    List<Map<String, Object>> cast;
    List<Map<String, Object>> trrRows;
    try (DemoMode.Running first = DemoMode.start(DemoTest.config(dataDir), new PrintStream(new ByteArrayOutputStream()))) {
      assertThat(first.firstSync().getInteger("imported_facebank_images")).isEqualTo(30);
      faceBank = TestDb.of(first.localDbUrl()).query(FACE_BANK);
      cast = TestDb.of(first.localDbUrl()).query(CAST);
      trrRows = TestDb.of(first.trrDbUrl()).query(TRR_ROWS);
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DemoMode.Running second = DemoMode.start(DemoTest.config(dataDir),
        new PrintStream(out, true, StandardCharsets.UTF_8))) {
      JsonObject sync = second.firstSync();
      assertThat(sync.getString("status")).isEqualTo("ok");
      assertThat(sync.getInteger("imported_facebank_images")).isZero();
      assertThat(sync.getInteger("skipped_duplicate_images")).isEqualTo(30);
      assertThat(sync.getInteger("matched_cast")).isEqualTo(11);
      assertThat(sync.getInteger("created_cast")).isZero();
      assertThat(SyncResults.people(sync)).extracting(p -> p.getString("match")).containsOnly("trr_person_id");

      assertThat(TestDb.of(second.localDbUrl()).query(FACE_BANK)).as("face-bank rows").isEqualTo(faceBank).hasSize(30);
      assertThat(TestDb.of(second.localDbUrl()).query(CAST)).as("local cast, nothing added twice").isEqualTo(cast);
      assertThat(TestDb.of(second.trrDbUrl()).query(TRR_ROWS)).as("TRR catalogue, nothing added twice")
          .isEqualTo(trrRows)
          .containsExactly(Map.of("shows", 3L, "people", 33L, "credits", 35L, "photos", 111L));
      assertThat(TestDb.of(second.localDbUrl()).count("SELECT count(*) FROM sync_run WHERE status = 'ok'")).isEqualTo(2);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("(kept from an earlier run)",
        "total: 11 TRR cast (11 matched, 0 created), 0 images imported for 0 people, 30 duplicates skipped, 0 errors");
  }
}
