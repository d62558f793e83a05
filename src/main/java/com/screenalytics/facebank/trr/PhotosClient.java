package com.screenalytics.facebank.trr;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Client of the TRR backend photos API
 * ({@code GET /api/v1/screenalytics/people/{id}/photos?seed_only=&limit=}). A call fails on any
 * non-2xx status, a timeout, or a body that is not a JSON array; the failure message never
 * carries the service token.
 */
public final class PhotosClient {

  /** Why a photos call failed, in words safe to return to the caller. */
  public static final class PhotosCallException extends RuntimeException {
    public PhotosCallException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** Connections to the photos API at most; more people in flight queue for one. */
  private static final int MAX_CONNECTIONS = 32;

  private final WebClient client;
  private final String baseUrl;
  private final String token;
  private final long timeoutMs;

  public PhotosClient(Vertx vertx, String baseUrl, String token, long timeoutMs) {
    this.client = WebClient.create(vertx,
        new WebClientOptions().setUserAgent("facebank-sync").setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    this.baseUrl = baseUrl;
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  public Future<List<TrrPhoto>> photos(UUID personId, boolean seedOnly, int limit) {
    var request = client.getAbs(baseUrl + "/api/v1/screenalytics/people/" + personId + "/photos")
        .addQueryParam("seed_only", Boolean.toString(seedOnly))
        .addQueryParam("limit", Integer.toString(limit))
        .timeout(timeoutMs);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send()
        .recover(e -> Future.failedFuture(new PhotosCallException(describe(e), e)))
        .compose(PhotosClient::parse);
  }

  private static Future<List<TrrPhoto>> parse(HttpResponse<Buffer> response) {
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      return Future.failedFuture(new PhotosCallException("HTTP " + response.statusCode() + " from photos API", null));
    }
    Object body;
    try {
      Buffer raw = response.body();
      body = raw == null ? null : raw.toJsonValue();
    } catch (DecodeException e) {
      return Future.failedFuture(new PhotosCallException("photos API answered a body that is not JSON", e));
    }
    if (!(body instanceof JsonArray rows)) {
      return Future.failedFuture(new PhotosCallException("photos API answered JSON that is not an array", null));
    }
    List<TrrPhoto> photos = new ArrayList<>(rows.size());
    for (Object row : rows) {
      if (row instanceof JsonObject object) {
        photos.add(TrrPhoto.from(object));
      }
    }
    return Future.succeededFuture(photos);
  }

  private static String describe(Throwable e) {
    String kind = e instanceof java.util.concurrent.TimeoutException
        || e.getClass().getSimpleName().contains("Timeout") ? "timeout" : "connection failure";
    return "photos API " + kind + ": " + e.getMessage();
  }

  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
