package com.screenalytics.facebank.sync;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * The sync verticle's replies within one process: the receiver gets the very JsonObject sent,
 * not a deep copy. A large show's result is thousands of people; copying it once more for the
 * HTTP side doubled its weight for no gain, since nothing changes a reply once it is sent. Over
 * a wire it is plain JSON.
 */
final class SharedJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  static final String NAME = "facebank-shared-json";

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length()).appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
