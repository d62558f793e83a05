package com.screenalytics.facebank.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration numbers are reserved per issue and land in any order: a database migrated by a build
 * that had V4 and V5 but not yet V3 takes V3 at the next start, instead of refusing to start.
 */
class MigrationOrderTest {

  private static final List<String> BEFORE_V3 = List.of("V1__face_bank_schema.sql", "V2__sync_run_jobs.sql",
      "V4__stage_details.sql", "V5__console_operators.sql");

  @Test
  void aDatabaseAlreadyAtV5TakesV3WhenItArrives() throws Exception {
    TestDb db = TestDatabases.create("order");
    Path older = Files.createDirectories(Path.of("target", "migrations-without-v3-" + db.database()));
    for (String name : BEFORE_V3) {
      try (InputStream in = MigrationOrderTest.class.getResourceAsStream("/db/migration/" + name)) {
        Files.write(older.resolve(name), in.readAllBytes());
      }
    }
    Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("filesystem:" + older.toAbsolutePath()).load().migrate();
    assertThat(db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cast_member'"
        + " AND column_name = 'run_id'")).isZero();

    Vertx vertx = Vertx.vertx();
    try {
      LocalDatabase opened = LocalDatabase.open(vertx, new AppConfig(new JsonObject().put(AppConfig.DB_URL, db.url())))
          .await();
      opened.close().await();
      assertThat(db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'cast_member'"
          + " AND column_name = 'run_id'")).as("V3 applied after V5").isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE version = '3' AND success")).isEqualTo(1);
    } finally {
      vertx.close().await();
      TestDatabases.drop(db);
    }
  }
}
