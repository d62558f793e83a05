package com.screenalytics.facebank.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.DbFailures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers and the one mapping from failures to HTTP statuses and error bodies. */
final class Responses {

  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  /** Reads numbers exactly, so 1e400 or 0.000…1 reach validation as written, not as a rounded double. */
  private static final ObjectMapper EXACT_JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, Object body) {
    json(ctx.response(), status, body);
  }

  static void json(HttpServerResponse response, int status, Object body) {
    if (response.ended()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encodeToBuffer(body));
  }

  static void error(RoutingContext ctx, ErrorCode code, String message) {
    json(ctx, ErrorCode.httpStatusOf(code.code()), errorBody(code.code(), message));
  }

  static JsonObject errorBody(String code, String message) {
    return FacebankException.errorBody(code, message);
  }

  /** Any failure of a handler: known ones keep their status and message, others are a bare 500. */
  static void failure(RoutingContext ctx, Throwable e) {
    if (e instanceof FacebankException known) {
      json(ctx, known.httpStatus(), new JsonObject().put("status", "error").put("error", known.toJson()));
    } else if (DbFailures.unavailable(e)) {
      // Expected while our database is down: one line, no stack trace, a 503 the caller can retry.
      LOG.warn("{} {}: our database is unreachable ({})", ctx.request().method(), ctx.request().path(),
          DbFailures.brief(e));
      error(ctx, ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.DATABASE_UNAVAILABLE.description());
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
      error(ctx, ErrorCode.INTERNAL, ErrorCode.INTERNAL.description());
    }
  }

  /**
   * The request body as a JSON object. An absent or empty body, or a JSON null, is {} when
   * {@code emptyAllowed}; anything that is not a JSON object is a 400 invalid_json.
   */
  static JsonObject bodyObject(RoutingContext ctx, boolean emptyAllowed) {
    Buffer raw = ctx.body().buffer();
    boolean empty = raw == null || raw.toString().isBlank();
    if (empty) {
      if (emptyAllowed) {
        return new JsonObject();
      }
      throw new FacebankException(ErrorCode.INVALID_JSON, "a JSON object body is required");
    }
    Object value;
    try {
      value = EXACT_JSON.readValue(raw.getBytes(), Object.class);
    } catch (IOException e) {
      throw new FacebankException(ErrorCode.INVALID_JSON, "the request body is not valid JSON");
    }
    if (value == null && emptyAllowed) {
      return new JsonObject();
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      return new JsonObject(fields);
    }
    throw new FacebankException(ErrorCode.INVALID_JSON, "the request body must be a JSON object");
  }
}
