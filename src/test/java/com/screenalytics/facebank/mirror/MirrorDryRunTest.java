package com.screenalytics.facebank.mirror;

import static com.screenalytics.facebank.mirror.Mirrored.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.TestImages;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: mirror writes blobs, so it does not declare itself free of side effects and a dry run
 * leaves it out: no photo is downloaded, no blob written, no row; the real run then mirrors.
 */
@ExtendWith(ServiceExtension.class)
class MirrorDryRunTest {

  @Test
  void aDryRunSkipsMirrorAndWritesNoBlob(Services services) {
    Mirrored m = Mirrored.start(services);
    String url = m.images.serve("/dry.jpg", TestImages.jpeg(7, 320, 240), "image/jpeg");
    UUID show = m.service.trr.show("Dry Mirror");
    UUID p = m.service.trr.selfCredited(show, "Mira Dry");
    m.service.trr.seedPhoto(p, url, 1);
    m.service.linkedShow("drymirror", show);

    JsonObject dry = m.service.admin(HttpMethod.POST, "/shows/DRYMIRROR/sync_facebank_seeds?dry_run=true").send().await()
        .bodyAsJsonObject();

    assertThat(dry.getBoolean("dry_run")).isTrue();
    assertThat(dry.getJsonArray("stages").getList()).doesNotContain("mirror")
        .containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");
    assertThat(dry.getJsonArray("skipped_stages").getList()).containsExactly("mirror");
    assertThat(person(dry, 0).getInteger("would_import_images")).isEqualTo(1);
    assertThat(m.images.hits("/dry.jpg")).as("the photo is not downloaded").isZero();
    assertThat(m.blobKeys()).as("no blob").isEmpty();
    assertThat(m.service.db.count("SELECT count(*) FROM face_bank_images")).isZero();

    JsonObject real = m.service.syncOk("DRYMIRROR");

    assertThat(real.getJsonArray("stages").getList()).contains("mirror");
    assertThat(person(real, 0).getInteger("imported_images")).isEqualTo(1);
    assertThat(m.blobKeys()).hasSize(1);
  }
}
