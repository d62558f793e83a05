package com.screenalytics.facebank.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.S3Server;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.TestImages;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BLOB_URL=s3://…: the mirror keeps the originals in an S3-compatible store (a real s3proxy),
 * found with the AWS SDK's usual credential chain (here its system properties), and /blobs serves
 * them back from there.
 */
@ExtendWith(ServiceExtension.class)
class MirrorToS3Test {

  private static final String BUCKET = "faces";
  private S3Server s3;

  @BeforeEach
  void start() {
    s3 = S3Server.start(BUCKET);
    System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
  }

  @AfterEach
  void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    s3.close();
  }

  @Test
  void theOriginalGoesToTheBucketUnderItsPrefixAndIsServedBack(Services services) throws Exception {
    Mirrored m = Mirrored.start(services, new JsonObject()
        .put(AppConfig.BLOB_URL, "s3://" + BUCKET + "/screenalytics")
        .put(AppConfig.S3_ENDPOINT, s3.endpoint())
        .put(AppConfig.S3_REGION, "us-east-1"));
    byte[] photo = TestImages.jpeg(61, 640, 480);
    UUID show = m.service.trr.show("S3");
    UUID p = m.service.trr.selfCredited(show, "Essie Three");
    m.service.trr.seedPhoto(p, m.images.serve("/s3.jpg", photo, "image/jpeg"), 1);
    m.service.linkedShow("s3show", show);

    JsonObject person = Mirrored.person(m.service.syncOk("s3show"), 0);

    assertThat(person.getInteger("imported_images")).isEqualTo(1);
    String key = "originals/" + MirrorStageTest.sha256(photo) + ".jpg";
    assertThat(Files.readAllBytes(s3.file(BUCKET, "screenalytics/" + key))).isEqualTo(photo);
    assertThat(m.blobKeys()).as("nothing in BLOB_DIR").isEmpty();
    HttpResponse<Buffer> blob = m.service.get("/blobs/" + key);
    assertThat(blob.statusCode()).isEqualTo(200);
    assertThat(blob.getHeader("Content-Type")).isEqualTo("image/jpeg");
    assertThat(blob.body().getBytes()).isEqualTo(photo);
  }

  @Test
  void aBucketThatCannotBeWrittenStopsStartUpNamingIt(Services services) {
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> Mirrored.start(services, new JsonObject()
        .put(AppConfig.BLOB_URL, "s3://no-such-bucket/x")
        .put(AppConfig.S3_ENDPOINT, s3.endpoint())));

    assertThat(failure).hasMessageContaining("mirror").hasMessageContaining("s3://no-such-bucket/x/")
        .hasMessageContaining("cannot be written");
  }
}
