package com.screenalytics.facebank.trr;

import com.screenalytics.facebank.trr.PhotosCallException.Kind;
import com.screenalytics.facebank.trr.TrrPhoto.Row;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the TRR backend photos API
 * ({@code GET /api/v1/screenalytics/people/{id}/photos?seed_only=&limit=}), under a
 * {@link PhotosPolicy}: every request has a timeout and ends by the person's deadline; connection
 * failures, timeouts, 429, 502, 503 and 504 are retried with backoff (Retry-After honoured, capped);
 * requests pass a shared in-flight cap and rate limit; an answer is read up to a size cap, and
 * must be a JSON array. Redirects are not followed, so the token is only ever sent to
 * TRR_API_URL. Failure messages never carry the token or the upstream's body.
 */
public final class PhotosClient {

  private static final Logger LOG = LoggerFactory.getLogger(PhotosClient.class);
  private static final String PATH = "/api/v1/screenalytics/people/%s/photos?seed_only=%s&limit=%d";
  private static final String PAGE = "&offset=%d";

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final String baseUrl;
  private final String token;
  private final PhotosPolicy policy;
  private final PhotosLimiter limiter;

  public PhotosClient(Vertx vertx, String baseUrl, String token, PhotosPolicy policy) {
    this(vertx, baseUrl, token, policy, null);
  }

  /** {@code shared} (clustered; may be null): the rate and the in-flight cap hold for the whole cluster. */
  public PhotosClient(Vertx vertx, String baseUrl, String token, PhotosPolicy policy, SharedLimit shared) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) policy.timeoutMs()),
        new PoolOptions().setHttp1MaxSize(connections(policy.maxInFlight())));
    this.baseUrl = baseUrl;
    this.token = token;
    this.policy = policy;
    this.limiter = new PhotosLimiter(vertx, policy.maxInFlight(), policy.ratePerSecond(), shared);
  }

  /**
   * The keep-alive connections kept for {@code maxInFlight} open requests: twice as many. The
   * limiter hands a slot on the moment an answer ends, before that answer's connection is back in
   * the pool, and the next request then finds another idle one instead of waiting for it
   * (measured: 0.2 ms of every call's slot). The limiter, not the pool, keeps PHOTOS_MAX_IN_FLIGHT.
   */
  public static int connections(int maxInFlight) {
    return 2 * maxInFlight;
  }

  /** The deadline of one person's calls, starting now. */
  public Deadline personDeadline() {
    return Deadline.in(policy.personDeadlineMs());
  }

  /**
   * One call, attempted as often as the policy allows within {@code deadline}. Succeeds with
   * every element of the answer, each usable or skipped with its reason; fails with a
   * {@link PhotosCallException} saying what the last attempt met and how many were made.
   */
  public Future<List<Row>> photos(UUID personId, boolean seedOnly, int limit, Deadline deadline) {
    return photos(personId, seedOnly, limit, 0, deadline);
  }

  /**
   * One page of a call: the rows from {@code offset} on (the first page has no offset parameter).
   * Rows are numbered from {@code offset}, so a skipped row's index is its place in the whole list.
   */
  public Future<List<Row>> photos(UUID personId, boolean seedOnly, int limit, int offset, Deadline deadline) {
    String path = PATH.formatted(personId, seedOnly, limit) + (offset > 0 ? PAGE.formatted(offset) : "");
    return attempt(path, offset, 1, deadline);
  }

  private Future<List<Row>> attempt(String path, int offset, int attempt, Deadline deadline) {
    return limiter.acquire(deadline)
        .compose(permit -> fetch(path, deadline).andThen(ignored -> permit.release()))
        .compose(raw -> parse(raw, offset))
        .recover(e -> {
          PhotosCallException failure = PhotosCallException.from(e);
          long delay = policy.retryDelayMs(failure, attempt, ThreadLocalRandom.current());
          if (delay < 0) {
            return Future.failedFuture(failure.after(attempt, null));
          }
          if (delay >= deadline.remainingMs()) {
            return Future.failedFuture(failure.after(attempt,
                "no time left for another before the person's deadline (PHOTOS_PERSON_DEADLINE_MS)"));
          }
          LOG.info("Photos call {} failed: {}; attempt {} of {} in {} ms", path, failure.getMessage(), attempt + 1,
              policy.maxAttempts(), delay);
          return vertx.timer(Math.max(1, delay), TimeUnit.MILLISECONDS)
              .compose(ignored -> attempt(path, offset, attempt + 1, deadline));
        });
  }

  /** One request: the whole answer within the timeout (or what is left of the deadline), or a failure. */
  private Future<Buffer> fetch(String path, Deadline deadline) {
    long remaining = deadline.remainingMs();
    if (remaining <= 0) {
      return Future.failedFuture(PhotosCallException.of(Kind.TIMEOUT,
          "the person's deadline (PHOTOS_PERSON_DEADLINE_MS) passed"));
    }
    long budget = Math.min(policy.timeoutMs(), remaining);
    String late = budget < policy.timeoutMs()
        ? "no answer before the person's deadline (PHOTOS_PERSON_DEADLINE_MS)"
        : "no answer within " + budget + " ms (PHOTOS_TIMEOUT_MS)";
    Promise<Buffer> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(budget, id -> {
      if (result.tryFail(PhotosCallException.of(Kind.TIMEOUT, late))) {
        abort(sent.get());
      }
    });
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(baseUrl + path)
        .putHeader(HttpHeaders.ACCEPT, "application/json")
        .putHeader(HttpHeaders.USER_AGENT, "facebank-sync");
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    client.request(options)
        .compose(request -> {
          sent.set(request);
          if (result.future().isComplete()) {
            abort(request);
          }
          return request.send();
        })
        .onSuccess(response -> read(response, sent.get(), result))
        .onFailure(e -> result.tryFail(PhotosCallException.connection(e)));
    return result.future().andThen(ignored -> vertx.cancelTimer(timer));
  }

  /** Reads the answer into {@code result}, stopping (and closing the connection) past the size cap. */
  private void read(HttpClientResponse response, HttpClientRequest request, Promise<Buffer> result) {
    // Set first: it also receives our own abort, which would otherwise be logged as an error.
    response.exceptionHandler(e -> result.tryFail(PhotosCallException.connection(e)));
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      long retryAfter = PhotosPolicy.parseRetryAfter(response.getHeader(HttpHeaders.RETRY_AFTER), Instant.now());
      if (result.tryFail(PhotosCallException.status(status, retryAfter))) {
        abort(request); // the error body is of no use; not reading it keeps a hostile one out of memory
      }
      return;
    }
    long cap = policy.maxResponseBytes();
    String tooLarge = "photos API answer larger than " + cap + " bytes (PHOTOS_MAX_RESPONSE_BYTES)";
    if (declaredLength(response) > cap) {
      result.tryFail(PhotosCallException.of(Kind.TOO_LARGE, tooLarge));
      abort(request);
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (result.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > cap) {
        result.tryFail(PhotosCallException.of(Kind.TOO_LARGE, tooLarge));
        abort(request);
        return;
      }
      body.appendBuffer(chunk);
    });
    response.endHandler(ignored -> result.tryComplete(body));
  }

  private static long declaredLength(HttpClientResponse response) {
    try {
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Drops the request and its connection (HTTP/1.1 cannot cancel a request any other way). */
  private static void abort(HttpClientRequest request) {
    if (request != null) {
      request.reset();
    }
  }

  private static Future<List<Row>> parse(Buffer raw, int offset) {
    Object body;
    try {
      body = raw.length() == 0 ? null : raw.toJsonValue();
    } catch (DecodeException e) {
      return Future.failedFuture(PhotosCallException.of(Kind.BAD_BODY, "photos API answered a body that is not JSON"));
    }
    if (!(body instanceof JsonArray elements)) {
      return Future.failedFuture(PhotosCallException.of(Kind.BAD_BODY,
          "photos API answered JSON that is not an array"));
    }
    List<Row> rows = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      rows.add(TrrPhoto.parse(offset + i, elements.getValue(i)));
    }
    return Future.succeededFuture(rows);
  }

  public Future<Void> close() {
    return client.close();
  }
}
