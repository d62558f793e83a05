package com.screenalytics.facebank.mirror;

import static com.screenalytics.facebank.mirror.Mirrored.duplicates;
import static com.screenalytics.facebank.mirror.Mirrored.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ImageServer;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestImages;
import com.screenalytics.facebank.testsupport.TestPlugins;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: the mirror stage keeps each photo's bytes in the blob store and dedupes by content, in
 * layers that name their rule, never failing a person over a duplicate. Real parts throughout: the
 * plugin jar the build made (in a PLUGINS_DIR of its own), a real image server on 127.0.0.1
 * (allowed by FETCH_ALLOW_HOSTS), the filesystem blob store under target/, embedded PostgreSQL.
 */
@ExtendWith(ServiceExtension.class)
class MirrorStageTest {

  private static final List<String> WITH_MIRROR = List.of("fetch-cast", "resolve", "import-photos", "dedupe", "mirror");
  private static final Pattern NEAR = Pattern.compile("perceptual hash (\\d+) of 64 bits from (.+)");

  @Test
  void theSameBytesUnderTwoUrlsAreKeptOnceAndTheSecondIsSameContent(Services services) throws Exception {
    Mirrored m = Mirrored.start(services);
    byte[] a = TestImages.jpeg(1, 640, 480);
    byte[] b = TestImages.png(2, 500, 500);
    String aUrl = m.images.serve("/a.jpg", a, "image/jpeg");
    String aAgain = m.images.serve("/cdn2/a-again.jpg", a, "image/jpeg");
    // A PNG sent as octet-stream: the bytes say what it is, never the header.
    String bUrl = m.images.serve("/b", b, "application/octet-stream");
    UUID show = m.service.trr.show("Same Bytes");
    UUID p = m.service.trr.selfCredited(show, "Sam Bytes");
    m.service.trr.seedPhoto(p, aUrl, 1);
    m.service.trr.seedPhoto(p, aAgain, 2);
    m.service.trr.seedPhoto(p, bUrl, 3);
    m.service.linkedShow("samebytes", show);

    JsonObject result = m.service.syncOk("samebytes");

    assertThat(result.getJsonArray("stages").getList()).containsExactlyElementsOf(WITH_MIRROR);
    assertThat(result.getString("status")).isEqualTo("ok");
    JsonObject person = person(result, 0);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(2);
    assertThat(person.getInteger("skipped_duplicates")).isEqualTo(1);
    assertThat(duplicates(person)).containsExactly(new JsonObject().put("s3_original_key", aAgain)
        .put("rule", "same_content").put("detail", "the same bytes as " + aUrl));
    assertThat(result.getInteger("skipped_duplicate_images")).isEqualTo(1);

    String aKey = "originals/" + sha256(a) + ".jpg";
    String bKey = "originals/" + sha256(b) + ".png";
    List<Map<String, Object>> rows = m.rows(p);
    assertThat(rows).extracting(row -> row.get("s3_original_key")).containsExactlyInAnyOrder(aUrl, bUrl);
    Map<String, Object> aRow = rows.stream().filter(row -> row.get("s3_original_key").equals(aUrl)).findFirst()
        .orElseThrow();
    assertThat(aRow).containsEntry("content_sha256", sha256(a)).containsEntry("mime", "image/jpeg")
        .containsEntry("bytes", (long) a.length).containsEntry("mirror_key", aKey)
        .containsEntry("width", 640).containsEntry("height", 480);
    assertThat(aRow.get("perceptual_hash")).isNotNull();
    assertThat(m.blobKeys()).containsExactlyInAnyOrder(aKey, bKey);
    assertThat(Files.readAllBytes(m.blobDir.resolve(aKey))).isEqualTo(a);
    assertThat(Files.readAllBytes(m.blobDir.resolve(bKey))).isEqualTo(b);
    assertThat(m.images.hits("/a.jpg") + m.images.hits("/cdn2/a-again.jpg") + m.images.hits("/b"))
        .as("each photo fetched once").isEqualTo(3);

    // What an operator sees: the face bank with the new fields, and the original behind /blobs.
    JsonObject faceBank = m.service.get("/people/" + p + "/facebank").bodyAsJsonObject();
    JsonObject image = faceBank.getJsonArray("images").stream().map(JsonObject.class::cast)
        .filter(row -> row.getString("s3_original_key").equals(aUrl)).findFirst().orElseThrow();
    assertThat(image.getString("content_sha256")).isEqualTo(sha256(a));
    assertThat(image.getString("perceptual_hash")).matches("[0-9a-f]{16}");
    assertThat(image.getString("mime")).isEqualTo("image/jpeg");
    assertThat(image.getLong("bytes")).isEqualTo(a.length);
    assertThat(image.getString("mirror_key")).isEqualTo(aKey);
    assertThat(image.getString("mirror_url")).isEqualTo("/blobs/" + aKey);
    assertThat(image.getJsonObject("stage_details")).isEqualTo(new JsonObject()
        .put("mirror", new JsonObject().put("blob", "written")));
    HttpResponse<Buffer> blob = m.service.get(image.getString("mirror_url"));
    assertThat(blob.statusCode()).isEqualTo(200);
    assertThat(blob.getHeader("Content-Type")).isEqualTo("image/jpeg");
    assertThat(blob.body().getBytes()).isEqualTo(a);
  }

  @Test
  void aResizedAndRecompressedCopyIsANearDuplicateAndADistinctPhotoIsKept(Services services) {
    Mirrored m = Mirrored.start(services);
    byte[] original = TestImages.jpeg(TestImages.picture(3, 800, 600), 0.92f);
    byte[] copy = TestImages.resizedJpeg(original, 400, 300, 0.6f);
    byte[] distinct = TestImages.jpeg(4, 800, 600);
    String originalUrl = m.images.serve("/original.jpg", original, "image/jpeg");
    String copyUrl = m.images.serve("/small/copy.jpg", copy, "image/jpeg");
    String distinctUrl = m.images.serve("/distinct.jpg", distinct, "image/jpeg");
    UUID show = m.service.trr.show("Near");
    UUID p = m.service.trr.selfCredited(show, "Nia Near");
    m.service.trr.seedPhoto(p, originalUrl, 1);
    m.service.trr.seedPhoto(p, copyUrl, 2);
    m.service.trr.seedPhoto(p, distinctUrl, 3);
    m.service.linkedShow("near", show);

    JsonObject person = person(m.service.syncOk("near"), 0);

    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(2);
    JsonArray duplicates = duplicates(person);
    assertThat(duplicates).hasSize(1);
    assertThat(duplicates.getJsonObject(0).getString("s3_original_key")).isEqualTo(copyUrl);
    assertThat(duplicates.getJsonObject(0).getString("rule")).isEqualTo("near_duplicate");
    Matcher near = NEAR.matcher(duplicates.getJsonObject(0).getString("detail"));
    assertThat(near.matches()).isTrue();
    assertThat(Integer.parseInt(near.group(1))).isBetween(0, 6);
    assertThat(near.group(2)).isEqualTo(originalUrl);
    assertThat(m.rows(p)).extracting(row -> row.get("s3_original_key"))
        .containsExactlyInAnyOrder(originalUrl, distinctUrl);
    assertThat(m.blobKeys()).hasSize(2);
  }

  @Test
  void distinctPhotosAreAllKept(Services services) {
    Mirrored m = Mirrored.start(services);
    UUID show = m.service.trr.show("Distinct");
    UUID p = m.service.trr.selfCredited(show, "Dee Stinct");
    for (int i = 1; i <= 5; i++) {
      byte[] bytes = i % 2 == 0 ? TestImages.png(100 + i, 300 + 40 * i, 400) : TestImages.jpeg(100 + i, 600, 450);
      m.service.trr.seedPhoto(p, m.images.serve("/d/" + i, bytes, "image/jpeg"), i);
    }
    m.service.linkedShow("distinct", show);

    JsonObject person = person(m.service.syncOk("distinct"), 0);

    assertThat(person.getInteger("imported_images")).isEqualTo(5);
    assertThat(duplicates(person)).isEmpty();
    assertThat(person.getJsonArray("dropped")).isEmpty();
    assertThat(m.blobKeys()).hasSize(5);
  }

  @Test
  void aPhotoThatCannotBeFetchedOrUsedIsDroppedWithItsReasonAndThePersonIsOk(Services services) {
    Mirrored m = Mirrored.start(services, new JsonObject().put(AppConfig.FETCH_MAX_BYTES, "150000")
        .put(AppConfig.FETCH_TIMEOUT_MS, "3000"));
    byte[] good = TestImages.jpeg(7, 400, 300);
    byte[] big = TestImages.jpeg(TestImages.photo(8, 1200, 900), 0.95f);
    assertThat(big.length).as("over FETCH_MAX_BYTES").isGreaterThan(150_000);
    String goodUrl = m.images.serve("/good.jpg", good, "image/jpeg");
    String missing = m.images.status("/missing.jpg", 404);
    String html = m.images.serve("/page.jpg", "<html><body>not a photo</body></html>".getBytes(), "image/jpeg");
    String gif = m.images.serve("/anim.gif", new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0}, "image/gif");
    String broken = m.images.serve("/broken.jpg", java.util.Arrays.copyOf(good, 200), "image/jpeg");
    String large = m.images.serve("/large.jpg", big, "image/jpeg");
    String largeChunked = m.images.serveChunked("/large-chunked.jpg", big, "image/jpeg");
    String silent = m.images.never("/silent.jpg");
    String metadata = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
    UUID show = m.service.trr.show("Drops");
    UUID p = m.service.trr.selfCredited(show, "Dee Drops");
    List<String> urls = List.of(goodUrl, missing, html, gif, broken, large, largeChunked, silent, metadata);
    for (int i = 0; i < urls.size(); i++) {
      m.service.trr.seedPhoto(p, urls.get(i), i + 1);
    }
    m.service.linkedShow("drops", show);

    JsonObject result = m.service.sync("drops", new JsonObject().put("max_images_per_person", 20)).bodyAsJsonObject();

    assertThat(result.getString("status")).isEqualTo("ok");
    JsonObject person = person(result, 0);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(1);
    Map<String, String> reasons = new java.util.LinkedHashMap<>();
    person.getJsonArray("dropped").stream().map(JsonObject.class::cast).forEach(d -> {
      assertThat(d.getString("stage")).isEqualTo("mirror");
      assertThat(d.getString("detail")).isNotBlank();
      reasons.put(d.getString("s3_original_key"), d.getString("reason"));
    });
    assertThat(reasons).containsExactly(
        Map.entry(missing, "fetch_failed"),
        Map.entry(html, "not_an_image"),
        Map.entry(gif, "not_an_image"),
        Map.entry(broken, "not_an_image"),
        Map.entry(large, "too_large"),
        Map.entry(largeChunked, "too_large"),
        Map.entry(silent, "fetch_failed"),
        Map.entry(metadata, "blocked_host"));
    assertThat(m.rows(p)).extracting(row -> row.get("s3_original_key")).containsExactly(goodUrl);
    assertThat(m.blobKeys()).containsExactly("originals/" + sha256(good) + ".jpg");
  }

  @Test
  void loopbackIsABlockedHostUnlessListed(Services services) {
    Mirrored m = Mirrored.start(services, new JsonObject().put(AppConfig.FETCH_ALLOW_HOSTS, ""));
    String url = m.images.serve("/here.jpg", TestImages.jpeg(9, 300, 200), "image/jpeg");
    UUID show = m.service.trr.show("Loopback");
    UUID p = m.service.trr.selfCredited(show, "Lou Pback");
    m.service.trr.seedPhoto(p, url, 1);
    m.service.linkedShow("loopback", show);

    JsonObject person = person(m.service.syncOk("loopback"), 0);

    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isZero();
    JsonObject dropped = person.getJsonArray("dropped").getJsonObject(0);
    assertThat(dropped.getString("reason")).isEqualTo("blocked_host");
    assertThat(dropped.getString("detail")).contains("127.0.0.1", "loopback", "FETCH_ALLOW_HOSTS");
    assertThat(m.images.requests()).as("refused before connecting").isZero();
  }

  @Test
  void redirectsAreFollowedAtMostThreeTimesAndEachTargetIsChecked(Services services) {
    Mirrored m = Mirrored.start(services);
    byte[] a = TestImages.jpeg(11, 400, 300);
    String target = m.images.serve("/final/a.jpg", a, "image/jpeg");
    m.images.redirect("/r3", "/final/a.jpg");
    m.images.redirect("/r2", "/r3");
    String threeHops = m.images.redirect("/r1", m.images.url("/r2"));
    m.images.redirect("/s4", "/r1");
    String fourHops = m.images.redirect("/s5", "/s4");
    String toPrivate = m.images.redirect("/to-private", "http://10.20.30.40/photo.jpg");
    String toMetadata = m.images.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
    String toIpv6Loopback = m.images.redirect("/to-v6", "http://[::1]:9/photo.jpg");
    UUID show = m.service.trr.show("Redirects");
    UUID p = m.service.trr.selfCredited(show, "Red Irect");
    List<String> urls = List.of(threeHops, fourHops, toPrivate, toMetadata, toIpv6Loopback);
    for (int i = 0; i < urls.size(); i++) {
      m.service.trr.seedPhoto(p, urls.get(i), i + 1);
    }
    m.service.linkedShow("redirects", show);

    JsonObject person = person(m.service.syncOk("redirects"), 0);

    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(1);
    Map<String, Object> row = m.rows(p).get(0);
    assertThat(row).containsEntry("s3_original_key", threeHops).containsEntry("content_sha256", sha256(a));
    Map<String, String> reasons = new java.util.LinkedHashMap<>();
    person.getJsonArray("dropped").stream().map(JsonObject.class::cast)
        .forEach(d -> reasons.put(d.getString("s3_original_key"), d.getString("reason") + ": " + d.getString("detail")));
    assertThat(reasons.get(fourHops)).isEqualTo("fetch_failed: more than 3 redirects");
    assertThat(reasons.get(toPrivate)).startsWith("blocked_host: ").contains("10.20.30.40", "private");
    assertThat(reasons.get(toMetadata)).startsWith("blocked_host: ").contains("169.254.169.254", "link-local");
    assertThat(reasons.get(toIpv6Loopback)).startsWith("blocked_host: ").contains("loopback");
    JsonObject details = m.service.get("/people/" + p + "/facebank").bodyAsJsonObject().getJsonArray("images")
        .getJsonObject(0).getJsonObject("stage_details").getJsonObject("mirror");
    assertThat(details.getString("final_url")).isEqualTo(target);
  }

  @Test
  void aSecondRunImportsNothingAndWritesNoBlob(Services services) throws Exception {
    Mirrored m = Mirrored.start(services);
    byte[] a = TestImages.jpeg(21, 500, 400);
    byte[] b = TestImages.jpeg(22, 500, 400);
    UUID show = m.service.trr.show("Twice");
    UUID p = m.service.trr.selfCredited(show, "Tom Twice");
    m.service.trr.seedPhoto(p, m.images.serve("/a.jpg", a, "image/jpeg"), 1);
    m.service.trr.seedPhoto(p, m.images.serve("/b.jpg", b, "image/jpeg"), 2);
    m.service.linkedShow("twice", show);
    assertThat(person(m.service.syncOk("twice"), 0).getInteger("imported_images")).isEqualTo(2);
    List<String> blobs = m.blobKeys();
    FileTime epoch = FileTime.fromMillis(0);
    for (String key : blobs) {
      Files.setLastModifiedTime(m.blobDir.resolve(key), epoch);
    }
    int requests = m.images.requests();

    JsonObject again = m.service.syncOk("twice");

    JsonObject person = person(again, 0);
    assertThat(again.getInteger("imported_facebank_images")).isZero();
    assertThat(person.getInteger("imported_images")).isZero();
    assertThat(duplicates(person)).extracting(d -> ((JsonObject) d).getString("rule"))
        .containsOnly("existing_s3_original_key");
    assertThat(m.images.requests()).as("dedupe dropped both before mirror: nothing fetched").isEqualTo(requests);
    assertThat(m.blobKeys()).isEqualTo(blobs);
    for (String key : blobs) {
      assertThat(Files.getLastModifiedTime(m.blobDir.resolve(key))).as("not written again").isEqualTo(epoch);
    }
    assertThat(m.rows(p)).hasSize(2);
  }

  @Test
  void aLaterRunComparesWithTheRowsThePersonHas(Services services) throws Exception {
    Mirrored m = Mirrored.start(services);
    byte[] a = TestImages.jpeg(TestImages.picture(31, 900, 700), 0.9f);
    UUID show = m.service.trr.show("Later");
    UUID p = m.service.trr.selfCredited(show, "Lee Later");
    String first = m.images.serve("/first/a.jpg", a, "image/jpeg");
    m.service.trr.seedPhoto(p, first, 1);
    m.service.linkedShow("later", show);
    m.service.syncOk("later");
    String key = m.blobKeys().get(0);
    Files.setLastModifiedTime(m.blobDir.resolve(key), FileTime.fromMillis(0));
    // TRR re-hosts the photo, and gains a smaller copy of it.
    String rehosted = m.images.serve("/rehosted/a.jpg", a, "image/jpeg");
    String smaller = m.images.serve("/thumbs/a.jpg", TestImages.resizedJpeg(a, 450, 350, 0.7f), "image/jpeg");
    m.service.trr.seedPhoto(p, rehosted, 2);
    m.service.trr.seedPhoto(p, smaller, 3);

    JsonObject person = person(m.service.syncOk("later"), 0);

    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isZero();
    List<JsonObject> duplicates = duplicates(person).stream().map(JsonObject.class::cast).toList();
    assertThat(duplicates).extracting(d -> d.getString("s3_original_key") + " " + d.getString("rule"))
        .containsExactly(first + " existing_s3_original_key", rehosted + " same_content", smaller + " near_duplicate");
    assertThat(duplicates.get(1).getString("detail")).isEqualTo("the same bytes as " + first);
    assertThat(duplicates.get(2).getString("detail")).endsWith(" from " + first);
    assertThat(m.rows(p)).hasSize(1);
    assertThat(m.blobKeys()).containsExactly(key);
    assertThat(Files.getLastModifiedTime(m.blobDir.resolve(key))).isEqualTo(FileTime.fromMillis(0));
  }

  @Test
  void mirrorOffIsDayOneExactly(Services services) {
    Path blobs = Mirrored.newBlobDir();
    ServiceUnderTest service = services.start(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror").toString())
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1")
        .put(AppConfig.BLOB_DIR, blobs.toString()));
    ImageServer images = ImageServer.start(service.vertx).await();
    byte[] a = TestImages.jpeg(41, 400, 300);
    String aUrl = images.serve("/a.jpg", a, "image/jpeg");
    String aAgain = images.serve("/a-again.jpg", a, "image/jpeg");
    UUID show = service.trr.show("Off");
    UUID p = service.trr.selfCredited(show, "Otto Off");
    service.trr.seedPhoto(p, aUrl, 1);
    service.trr.seedPhoto(p, aAgain, 2);
    service.trr.seedPhoto(p, aUrl, 3);
    service.linkedShow("off", show);

    JsonObject result = service.syncOk("off");

    assertThat(service.app().stages()).containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");
    assertThat(result.getJsonArray("stages").getList()).doesNotContain("mirror");
    JsonObject person = person(result, 0);
    assertThat(person.getInteger("imported_images")).as("same bytes, two URLs: two rows, as on Day 1").isEqualTo(2);
    assertThat(duplicates(person)).containsExactly(new JsonObject().put("s3_original_key", aUrl)
        .put("rule", "repeated_in_batch"));
    assertThat(images.requests()).as("no photo is downloaded").isZero();
    assertThat(Files.exists(blobs)).as("no blob directory").isFalse();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE content_sha256 IS NOT NULL"
        + " OR perceptual_hash IS NOT NULL OR mime IS NOT NULL OR bytes IS NOT NULL OR mirror_key IS NOT NULL")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE stage_details IS NOT NULL")).isZero();
    JsonObject image = service.get("/people/" + p + "/facebank").bodyAsJsonObject().getJsonArray("images")
        .getJsonObject(0);
    assertThat(image.getString("mirror_key")).isNull();
    assertThat(image.getString("mirror_url")).isNull();
  }

  @Test
  void twoConcurrentSyncsNeverWriteTwoRowsWithOneSha256ForOnePerson(Services services) {
    Mirrored m = Mirrored.start(services);
    byte[] a = TestImages.jpeg(51, 500, 400);
    String one = m.images.serve("/one/a.jpg", a, "image/jpeg");
    String two = m.images.serve("/two/a.jpg", a, "image/jpeg");
    UUID showOne = m.service.trr.show("Concurrent One");
    UUID showTwo = m.service.trr.show("Concurrent Two");
    UUID p = m.service.trr.selfCredited(showOne, "Cora Current");
    m.service.trr.credit(showTwo, p, "Self");
    // The photos API hands the person's photo under one URL to the first call, under another to the second.
    m.service.photos.script(p, true, com.screenalytics.facebank.testsupport.PhotosServer.Reply.json(
        new JsonArray().add(new JsonObject().put("served_url", one))));
    m.service.photos.script(p, true, com.screenalytics.facebank.testsupport.PhotosServer.Reply.json(
        new JsonArray().add(new JsonObject().put("served_url", two))));
    m.service.linkedShow("concone", showOne);
    m.service.linkedShow("conctwo", showTwo);
    // Both syncs reach the download (each past its look-ups of the person's rows) before either stores.
    m.images.hold();

    var first = m.service.admin(HttpMethod.POST, "/shows/concone/sync_facebank_seeds").send();
    var second = m.service.admin(HttpMethod.POST, "/shows/conctwo/sync_facebank_seeds").send();
    m.images.awaitRequests(2).await();
    m.images.release();
    JsonObject r1 = first.await().bodyAsJsonObject();
    JsonObject r2 = second.await().bodyAsJsonObject();

    assertThat(m.service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ? AND content_sha256 = ?",
        p, sha256(a))).isEqualTo(1);
    assertThat(person(r1, 0).getString("status")).isEqualTo("ok");
    assertThat(person(r2, 0).getString("status")).isEqualTo("ok");
    assertThat(person(r1, 0).getInteger("imported_images") + person(r2, 0).getInteger("imported_images"))
        .isEqualTo(1);
    JsonArray refused = person(r1, 0).getInteger("imported_images") == 1 ? duplicates(person(r2, 0))
        : duplicates(person(r1, 0));
    assertThat(refused).hasSize(1);
    assertThat(refused.getJsonObject(0).getString("rule")).as("the database judged").isEqualTo("unique_index");
    assertThat(m.blobKeys()).containsExactly("originals/" + sha256(a) + ".jpg");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
