package com.screenalytics.facebank.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * A failure answered on the event bus with everything the caller needs: as the contract has it,
 * a {@link ReplyException} whose failure code is the HTTP status ({@link ErrorCode#httpStatusOf})
 * and whose message is the error code — plus the human message and the details, which a bare
 * {@code message.fail(status, code)} would drop (the unknown show's name, the run id an
 * Idempotency-Key started, …). Immutable, so it is handed over as it is inside a process.
 */
public final class ErrorReply extends ReplyException {

  static final String CODEC = "facebank-error-reply";

  private final String text;
  private final JsonObject details;

  public ErrorReply(String code, String message, JsonObject details) {
    super(ReplyFailure.RECIPIENT_FAILURE, ErrorCode.httpStatusOf(code), code);
    this.text = message;
    this.details = details == null ? null : details.copy();
  }

  public static ErrorReply of(FacebankException failure) {
    return new ErrorReply(failure.code(), failure.getMessage(), failure.details());
  }

  /** The error code (also {@link #getMessage()}, as the contract has it). */
  public String code() {
    return getMessage();
  }

  /** The human message. */
  public String text() {
    return text;
  }

  /** {"code", "message", "details"?}, a copy. */
  public JsonObject errorJson() {
    return FacebankException.errorJson(code(), text, details);
  }

  /** Lets this type travel as a reply body; one registration per Vert.x instance. */
  public static void register(EventBus bus) {
    bus.registerDefaultCodec(ErrorReply.class, new Codec());
  }

  public static void unregister(EventBus bus) {
    bus.unregisterDefaultCodec(ErrorReply.class);
  }

  /** Over a wire, {"code", "message", "details"}; inside a process the instance itself (immutable). */
  private static final class Codec implements MessageCodec<ErrorReply, ErrorReply> {

    @Override
    public void encodeToWire(Buffer buffer, ErrorReply reply) {
      Buffer json = reply.errorJson().toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public ErrorReply decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      JsonObject json = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
      return new ErrorReply(json.getString("code"), json.getString("message"), json.getJsonObject("details"));
    }

    @Override
    public ErrorReply transform(ErrorReply reply) {
      return reply;
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
