package com.screenalytics.facebank.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /blobs/{key}: behind the admin guard, with the blob's content type, never outside BLOB_DIR. */
@ExtendWith(ServiceExtension.class)
class BlobsRouteTest {

  @Test
  void aStoredBlobIsServedOnlyPastTheAdminGuard(Services services) throws Exception {
    Path blobs = Mirrored.newBlobDir();
    Files.createDirectories(blobs.resolve("originals"));
    Files.write(blobs.resolve("originals/abc.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.writeString(blobs.getParent().resolve("secret.txt"), "outside BLOB_DIR");
    ServiceUnderTest service = services.start(new JsonObject().put(AppConfig.BLOB_DIR, blobs.toString()));

    HttpResponse<Buffer> ok = service.get("/blobs/originals/abc.png");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(ok.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(ok.body().getBytes()).containsExactly(0x89, 'P', 'N', 'G');

    HttpResponse<Buffer> anonymous = service.request(HttpMethod.GET, "/blobs/originals/abc.png").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> wrong = service.request(HttpMethod.GET, "/blobs/originals/abc.png")
        .putHeader(ServiceUnderTest.ADMIN_HEADER, "not-it").send().await();
    assertThat(wrong.statusCode()).isEqualTo(403);

    HttpResponse<Buffer> missing = service.get("/blobs/originals/none.png");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("blob_not_found");

    for (String path : new String[] {"/blobs/..%2Fsecret.txt", "/blobs/originals/..%2F..%2Fsecret.txt",
        "/blobs/.hidden"}) {
      HttpResponse<Buffer> refused = service.get(path);
      assertThat(refused.statusCode()).as(path).isIn(400, 404);
      assertThat(refused.bodyAsString()).as(path).doesNotContain("outside BLOB_DIR");
    }
  }
}
