package com.screenalytics.facebank.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real Server-Sent Events client: it reads GET …/events as it streams, frame by frame
 * ({@code id:}, {@code event:}, {@code data:}), and tells when a frame arrives and when the server
 * ends the stream.
 */
public final class EventStreamClient {

  /** One received event: its id and event lines, and its data parsed as JSON. */
  public record Frame(String id, String event, JsonObject data) {
  }

  private final HttpClient client;
  private final HttpClientResponse response;
  private final StringBuilder pending = new StringBuilder();
  private final Sightings<Frame> frames = new Sightings<>();
  private final Promise<List<Frame>> ended = Promise.promise();

  private EventStreamClient(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
  }

  /** Connects; completes once the answer's status and headers are in. */
  public static Future<EventStreamClient> connect(Vertx vertx, int port, String path, String lastEventId) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET)
        .putHeader("Accept", "text/event-stream");
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    return client.request(options).compose(request -> request.send()).map(response -> {
      EventStreamClient stream = new EventStreamClient(client, response);
      response.handler(chunk -> stream.received(chunk.toString()));
      response.endHandler(done -> stream.end());
      response.exceptionHandler(stream.ended::tryFail);
      return stream;
    });
  }

  public int status() {
    return response.statusCode();
  }

  public String contentType() {
    return response.getHeader("Content-Type");
  }

  /** Completes with every frame once the server has ended the stream. */
  public Future<List<Frame>> ended() {
    return ended.future();
  }

  /** Completes with the first frame (already received or still to come) that matches. */
  public Future<Frame> frame(Predicate<Frame> condition) {
    return frames.first(condition);
  }

  /** What the server sent that was not an event (an error body, say). */
  public synchronized String leftover() {
    return pending.toString();
  }

  public Future<Void> close() {
    return client.close();
  }

  private synchronized void received(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      parse(block);
    }
  }

  private void parse(String block) {
    String id = null;
    String event = null;
    StringBuilder data = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data.append(line.substring(6));
      }
    }
    if (data.isEmpty()) {
      return; // a comment (": keep-alive")
    }
    frames.add(new Frame(id, event, new JsonObject(data.toString())));
  }

  private synchronized void end() {
    ended.tryComplete(frames.all());
  }
}
