package com.screenalytics.facebank.http.console;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * JSON in and out for the console's routes. Errors go through {@code ctx.fail(FacebankException)},
 * so the API's one failure handler answers them like every other route.
 */
final class ConsoleJson {

  private ConsoleJson() {
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("Cache-Control", "no-store").end(body.toBuffer());
    }
  }

  static void error(RoutingContext ctx, ErrorCode code, String message) {
    send(ctx, code.httpStatus(), FacebankException.errorBody(code.code(), message));
  }

  /** The body as a JSON object; an empty body is {}; anything else is a 400 invalid_json. */
  static JsonObject body(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().toString().isBlank()) {
      return new JsonObject();
    }
    try {
      Object value = ctx.body().buffer().toJsonValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below
    }
    throw new FacebankException(ErrorCode.INVALID_JSON, "the request body must be a JSON object");
  }
}
