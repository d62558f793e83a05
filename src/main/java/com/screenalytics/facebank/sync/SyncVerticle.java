package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link Addresses#SYNC}: the one entry point of a sync for every trigger (the HTTP API
 * sends here too). The reply is the result JSON; a failure without a result body is a
 * ReplyException whose code is the HTTP status and whose message is the error code.
 */
public final class SyncVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SyncVerticle.class);

  private final SyncService service;

  public SyncVerticle(SyncService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.SYNC, this::handle);
    return consumer.completion();
  }

  private void handle(Message<Object> message) {
    String trigger = message.headers().get(Addresses.TRIGGER_HEADER);
    SyncRequest request;
    try {
      if (!(message.body() instanceof JsonObject body)) {
        throw new FacebankException(ErrorCode.INVALID_JSON, "the message body must be a JSON object");
      }
      request = SyncRequest.fromJson(body);
    } catch (FacebankException e) {
      message.fail(e.httpStatus(), e.code());
      return;
    }
    service.sync(request, trigger == null ? "eventbus" : trigger)
        .onSuccess(message::reply)
        .onFailure(e -> {
          if (e instanceof FacebankException known) {
            message.fail(known.httpStatus(), known.code());
          } else {
            LOG.error("Sync of {} failed unexpectedly", request.showId(), e);
            message.fail(ErrorCode.INTERNAL.httpStatus(), ErrorCode.INTERNAL.code());
          }
        });
  }
}
