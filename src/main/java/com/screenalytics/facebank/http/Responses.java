package com.screenalytics.facebank.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.DbFailures;
import com.screenalytics.facebank.sync.SyncClient;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
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

  /**
   * What started a run or a batch answered: its status and body, and a Location header at its
   * status_url when it has one (an async start's 202).
   */
  static void started(RoutingContext ctx, Future<SyncClient.Answer> answer) {
    answer.onSuccess(started -> {
      String statusUrl = started.body().getString("status_url");
      if (statusUrl != null) {
        ctx.response().putHeader("Location", statusUrl);
      }
      json(ctx, started.httpStatus(), started.body());
    }).onFailure(e -> failure(ctx, e));
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
    } else if (e instanceof HttpClosedException) {
      // The client went away mid-request: nobody to answer, nothing wrong here.
      LOG.debug("{} {}: the client closed the connection before the request was read", ctx.request().method(),
          ctx.request().path());
    } else if (unreadable(e)) {
      LOG.warn("{} {}: the request could not be read ({}); answered 400", ctx.request().method(),
          ctx.request().path(), e.toString());
      error(ctx, ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST.description());
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

  /** A request the HTTP decoder could not read (a bad chunk size, …): the client's fault. */
  private static boolean unreadable(Throwable e) {
    if (e instanceof DecoderException) {
      return true;
    }
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith("io.netty.handler.codec.http.");
  }

  /**
   * The path ({@code name}, {@code aliases[1]}, {@code a.b}) of the first string in a body — a value
   * or a field name — that PostgreSQL cannot store as text or that is not Unicode: one holding a
   * NUL, or half of a surrogate pair; null when there is none.
   */
  static String unstorableText(Object value, String path) {
    if (value instanceof String text) {
      return storable(text) ? null : (path.isEmpty() ? "the body" : path);
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String at = path.isEmpty() ? key : path + "." + key;
        if (!storable(key)) {
          return "a field name in " + (path.isEmpty() ? "the body" : path);
        }
        String bad = unstorableText(entry.getValue(), at);
        if (bad != null) {
          return bad;
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String bad = unstorableText(list.get(i), path + "[" + i + "]");
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }

  private static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
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
      String bad = unstorableText(map, "");
      if (bad != null) {
        throw new FacebankException(ErrorCode.INVALID_FIELD, bad
            + " must not contain a NUL character (\\u0000) or a lone surrogate");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      return new JsonObject(fields);
    }
    throw new FacebankException(ErrorCode.INVALID_JSON, "the request body must be a JSON object");
  }
}
