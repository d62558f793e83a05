package com.screenalytics.facebank.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.stage.api.Fetch.Fetched;
import com.screenalytics.facebank.stage.api.FetchException;
import com.screenalytics.facebank.testsupport.ImageServer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound policy of the fetch port, against a real HTTP server on 127.0.0.1. Refused
 * addresses are refused before any connection is made, so none of them is ever contacted.
 */
class OutboundFetchTest {

  private Vertx vertx;
  private ImageServer images;
  private final java.util.List<OutboundFetch> fetches = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    images = ImageServer.start(vertx).await();
  }

  @AfterEach
  void stop() {
    fetches.forEach(fetch -> fetch.close().await());
    vertx.close().await();
  }

  private OutboundFetch fetch(String allow, long timeoutMs, long maxBytes, int maxInFlight) {
    OutboundFetch fetch = new OutboundFetch(vertx, new FetchPolicy(AddressRules.parse(allow), timeoutMs, maxBytes,
        maxInFlight, FetchPolicy.MAX_REDIRECTS));
    fetches.add(fetch);
    return fetch;
  }

  private OutboundFetch allowingLoopback() {
    return fetch("127.0.0.1", 2_000, 100_000, 4);
  }

  private static FetchException failure(Future<Fetched> fetched) {
    AsyncResult<Fetched> result = fetched.<AsyncResult<Fetched>>transform(Future::succeededFuture).await();
    assertThat(result.failed()).as("the fetch fails").isTrue();
    assertThat(result.cause()).isInstanceOf(FetchException.class);
    return (FetchException) result.cause();
  }

  @Test
  void fetchesTheBodyWithItsFinalUrlAndTheContentTypeAsSent() {
    String url = images.serve("/a.jpg", new byte[] {1, 2, 3}, "image/jpeg");

    Fetched fetched = allowingLoopback().fetch(url).await();

    assertThat(fetched.body().getBytes()).containsExactly(1, 2, 3);
    assertThat(fetched.finalUrl()).isEqualTo(url);
    assertThat(fetched.contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void onlyHttpAndHttpsAreFetched() {
    OutboundFetch fetch = allowingLoopback();
    for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/a.jpg", "gopher://127.0.0.1/", "jar:file:/x!/y",
        "data:image/png;base64,iVBORw0KGgo=")) {
      FetchException e = failure(fetch.fetch(url));
      assertThat(e.reason()).as(url).isEqualTo(FetchException.BLOCKED_HOST);
      assertThat(e.getMessage()).contains("only http and https");
    }
    assertThat(images.requests()).isZero();
  }

  @Test
  void loopbackPrivateLinkLocalMulticastAndUnspecifiedAddressesAreRefusedUnlessAllowed() {
    OutboundFetch fetch = fetch("", 2_000, 100_000, 4);
    String port = images.url("").replaceAll(".*:", "");
    List<String> refused = List.of(
        images.url("/a.jpg"),                       // loopback, the very server
        "http://localhost:" + port + "/a.jpg",      // a name for it
        "http://[::1]:" + port + "/a.jpg",
        "http://[::ffff:127.0.0.1]:" + port + "/a.jpg",
        "http://0.0.0.0:" + port + "/a.jpg",
        "http://10.1.2.3/a.jpg", "http://172.16.5.4/a.jpg", "http://192.168.1.10/a.jpg",
        "http://100.64.0.1/a.jpg",
        "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/a.jpg",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://224.0.0.1/a.jpg", "http://[ff02::1]/a.jpg",
        "http://255.255.255.255/a.jpg");
    for (String url : refused) {
      FetchException e = failure(fetch.fetch(url));
      assertThat(e.reason()).as(url).isEqualTo(FetchException.BLOCKED_HOST);
      assertThat(e.getMessage()).as(url).contains("refused unless in FETCH_ALLOW_HOSTS");
    }
    assertThat(images.requests()).as("nothing was contacted").isZero();
  }

  @Test
  void anAllowedHostNameOrRangeMayBeFetched() {
    byte[] bytes = {9, 8, 7};
    String url = images.serve("/ok.jpg", bytes, "image/jpeg");
    String byName = url.replace("127.0.0.1", "localhost");

    assertThat(fetch("localhost", 2_000, 1_000, 2).fetch(byName).await().body().getBytes()).isEqualTo(bytes);
    assertThat(fetch("127.0.0.0/8", 2_000, 1_000, 2).fetch(url).await().body().getBytes()).isEqualTo(bytes);
    assertThat(fetch("10.0.0.0/8, 127.0.0.1", 2_000, 1_000, 2).fetch(url).await().body().getBytes()).isEqualTo(bytes);
    assertThat(failure(fetch("10.0.0.0/8", 2_000, 1_000, 2).fetch(url)).reason())
        .isEqualTo(FetchException.BLOCKED_HOST);
  }

  @Test
  void redirectsAreFollowedAtMostThreeTimesEachTargetCheckedAgain() {
    OutboundFetch fetch = allowingLoopback();
    String target = images.serve("/final.jpg", new byte[] {5}, "image/jpeg");
    images.redirect("/r3", "/final.jpg");
    images.redirect("/r2", images.url("/r3"));
    String three = images.redirect("/r1", "r2");
    String four = images.redirect("/r0", "/r1");
    String toPrivate = images.redirect("/private", "http://192.168.0.1/admin");
    String toMetadata = images.redirect("/metadata", "http://169.254.169.254/latest/meta-data/");
    String toFile = images.redirect("/file", "file:///etc/passwd");

    Fetched fetched = fetch.fetch(three).await();
    assertThat(fetched.finalUrl()).isEqualTo(target);
    assertThat(fetched.body().getBytes()).containsExactly(5);
    FetchException tooMany = failure(fetch.fetch(four));
    assertThat(tooMany.reason()).isEqualTo(FetchException.FETCH_FAILED);
    assertThat(tooMany.getMessage()).isEqualTo("more than 3 redirects");
    assertThat(failure(fetch.fetch(toPrivate)).reason()).isEqualTo(FetchException.BLOCKED_HOST);
    assertThat(failure(fetch.fetch(toMetadata)).getMessage()).contains("169.254.169.254", "link-local");
    assertThat(failure(fetch.fetch(toFile)).reason()).isEqualTo(FetchException.BLOCKED_HOST);
  }

  @Test
  void aBodyOverTheCapIsTooLargeWhetherItsLengthIsDeclaredOrNot() {
    OutboundFetch fetch = fetch("127.0.0.1", 2_000, 50_000, 4);
    byte[] big = new byte[80_000];
    FetchException declared = failure(fetch.fetch(images.serve("/big", big, "image/jpeg")));
    FetchException chunked = failure(fetch.fetch(images.serveChunked("/big-chunked", big, "image/jpeg")));

    assertThat(declared.reason()).isEqualTo(FetchException.TOO_LARGE);
    assertThat(chunked.reason()).isEqualTo(FetchException.TOO_LARGE);
    assertThat(chunked.getMessage()).isEqualTo("larger than 50000 bytes (FETCH_MAX_BYTES)");
    assertThat(fetch.fetch(images.serveChunked("/fits", new byte[50_000], "image/jpeg")).await().body().length())
        .isEqualTo(50_000);
  }

  @Test
  void anErrorStatusOrNoAnswerWithinTheTimeoutIsFetchFailed() {
    FetchException missing = failure(fetch("127.0.0.1", 5_000, 1_000, 4).fetch(images.status("/gone", 404)));
    FetchException silent = failure(fetch("127.0.0.1", 300, 1_000, 4).fetch(images.never("/silent")));

    assertThat(missing.reason()).isEqualTo(FetchException.FETCH_FAILED);
    assertThat(missing.getMessage()).isEqualTo("HTTP 404 from 127.0.0.1");
    assertThat(silent.reason()).isEqualTo(FetchException.FETCH_FAILED);
    assertThat(silent.getMessage()).isEqualTo("no whole answer within 300 ms (FETCH_TIMEOUT_MS)");
  }

  @Test
  void atMostTheCapOfFetchesIsInFlightAndTheRestQueue() {
    OutboundFetch fetch = fetch("127.0.0.1", 5_000, 1_000, 2);
    String url = images.serve("/slow.jpg", new byte[] {1}, "image/jpeg");
    images.latency(150);

    List<Future<Fetched>> all = IntStream.range(0, 6).mapToObj(i -> fetch.fetch(url + "?n=" + i)).toList();
    Future.all(all).await();

    assertThat(images.requests()).isEqualTo(6);
    assertThat(images.maxInFlight()).isEqualTo(2);
  }
}
