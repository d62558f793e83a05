package com.screenalytics.facebank.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What stops start-up with mirror on: a blob store it cannot write, options or an allow-list that make no sense. */
@ExtendWith(ServiceExtension.class)
class MirrorStartupTest {

  @Test
  void aBlobDirectoryThatCannotBeWrittenStopsStartUpNamingTheStageAndTheDirectory(Services services)
      throws Exception {
    Path parent = Mirrored.newBlobDir();
    Files.createDirectories(parent);
    Path file = Files.writeString(parent.resolve("a-file"), "not a directory");

    Throwable failure = catchThrowable(() -> Mirrored.start(services, new JsonObject()
        .put(AppConfig.BLOB_DIR, file.resolve("blobs").toString())));

    assertThat(failure).hasMessageContaining("stage 'mirror' failed to initialize")
        .hasMessageContaining("cannot be written").hasMessageContaining(file.toString());
  }

  @Test
  void aNearDuplicateThresholdOutOfRangeStopsStartUp(Services services) {
    Throwable failure = catchThrowable(() -> Mirrored.start(services, new JsonObject().put("stages",
        new JsonObject().put("mirror", new JsonObject().put("options", new JsonObject().put("near_duplicate_bits", 65))))));

    assertThat(failure).hasMessageContaining("mirror").hasMessageContaining("near_duplicate_bits must be 0–64");
  }

  @Test
  void aMalformedAllowListStopsStartUp(Services services) {
    Throwable failure = catchThrowable(() -> Mirrored.start(services, new JsonObject()
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1, 10.0.0.0/40")));

    assertThat(failure).hasMessageContaining("FETCH_ALLOW_HOSTS").hasMessageContaining("10.0.0.0/40");
  }
}
