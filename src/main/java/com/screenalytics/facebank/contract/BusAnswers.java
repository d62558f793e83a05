package com.screenalytics.facebank.contract;

import com.screenalytics.facebank.db.DbFailures;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every verticle of ours answers a request/reply address: the body must be a JSON object, the
 * answer is the handler's JSON, and a failure travels as an {@link ErrorReply} — a
 * {@link FacebankException} as it is, our database being down as {@code database_unavailable}
 * (503, one log line), anything else as {@code internal} (logged with its stack trace, never with
 * the message body, which may hold a password). The codec of {@link ErrorReply} must be registered
 * (the sync verticle does it, deployed first).
 */
public final class BusAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(BusAnswers.class);

  /** A handler that needs the message too (its headers). */
  @FunctionalInterface
  public interface Answering {
    Future<JsonObject> handle(JsonObject body, Message<Object> message);
  }

  private BusAnswers() {
  }

  /** Answers {@code address} on the (clustered, when clustered) event bus. */
  public static Future<Void> answer(Vertx vertx, String address, Answering handler) {
    return vertx.eventBus().consumer(address, handler(address, handler)).completion();
  }

  public static Future<Void> answer(Vertx vertx, String address, Function<JsonObject, Future<JsonObject>> handler) {
    return answer(vertx, address, body(handler));
  }

  /** Answers {@code address} in this process alone, even when clustered. */
  public static Future<Void> answerHere(Vertx vertx, String address, Answering handler) {
    return vertx.eventBus().localConsumer(address, handler(address, handler)).completion();
  }

  public static Future<Void> answerHere(Vertx vertx, String address,
                                        Function<JsonObject, Future<JsonObject>> handler) {
    return answerHere(vertx, address, body(handler));
  }

  private static Answering body(Function<JsonObject, Future<JsonObject>> handler) {
    return (body, message) -> handler.apply(body);
  }

  private static Handler<Message<Object>> handler(String address, Answering handler) {
    return message -> {
      Future<JsonObject> answer;
      try {
        if (!(message.body() instanceof JsonObject body)) {
          throw new FacebankException(ErrorCode.INVALID_JSON, "the message body must be a JSON object");
        }
        answer = handler.handle(body, message);
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onSuccess(message::reply).onFailure(e -> {
        if (e instanceof FacebankException known) {
          message.reply(ErrorReply.of(known));
        } else if (DbFailures.unavailable(e)) {
          // Expected while our database is down: one line, no stack trace, a 503 for the caller.
          LOG.warn("{}: our database is unreachable ({})", address, DbFailures.brief(e));
          message.reply(ErrorReply.of(DbFailures.asUnavailable(e).orElseThrow()));
        } else {
          LOG.error("{} failed unexpectedly", address, e);
          message.reply(new ErrorReply(ErrorCode.INTERNAL.code(), ErrorCode.INTERNAL.description(), null));
        }
      });
    };
  }
}
