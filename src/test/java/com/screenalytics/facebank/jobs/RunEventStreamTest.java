package com.screenalytics.facebank.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.EventStreamClient;
import com.screenalytics.facebank.testsupport.EventStreamClient.Frame;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /sync_runs/{run_id}/events: replay, then live, then the end; the same for a late client. */
@ExtendWith(ServiceExtension.class)
class RunEventStreamTest {

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void aClientConnectingMidRunGetsWhatHappenedThenWhatHappensThenTheEnd() {
    List<UUID> people = service.seededShow("STREAM", 3);
    Gate held = service.photos.gate(people.get(2));
    JsonObject accepted = service.syncAsync("stream");
    String eventsUrl = accepted.getString("events_url");
    held.arrived().await();

    EventStreamClient midRun = connect(eventsUrl, null);
    assertThat(midRun.status()).isEqualTo(200);
    assertThat(midRun.contentType()).startsWith("text/event-stream");
    // Before the held person goes on, the stream already replays the start and the two people done.
    midRun.frame(f -> f.event().equals("person_finished") && f.data().getInteger("done") == 2)
        .timeout(30, TimeUnit.SECONDS).await();
    assertThat(midRun.ended().isComplete()).as("the run is not over, nor is the stream").isFalse();
    held.open();
    List<Frame> frames = midRun.ended().timeout(30, TimeUnit.SECONDS).await();

    assertThat(frames).extracting(Frame::id).as("every seq once, in order")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, frames.size()).mapToObj(String::valueOf).toList());
    assertThat(frames).allSatisfy(frame -> {
      assertThat(frame.data().getString("type")).isEqualTo(frame.event());
      assertThat(frame.data().getString("run_id")).isEqualTo(accepted.getString("run_id"));
    });
    assertThat(frames).extracting(Frame::event).startsWith("run_started").endsWith("run_finished");
    List<JsonObject> finishedPeople = frames.stream().filter(f -> f.event().equals("person_finished"))
        .map(Frame::data).toList();
    assertThat(finishedPeople).extracting(p -> p.getInteger("done")).containsExactly(1, 2, 3);
    assertThat(finishedPeople).extracting(p -> p.getInteger("total")).containsOnly(3);
    assertThat(finishedPeople).allSatisfy(p -> assertThat(p.getDouble("eta_seconds")).isGreaterThanOrEqualTo(0.0));
    assertThat(finishedPeople.get(2).getDouble("eta_seconds")).isZero();
    assertThat(finishedPeople.get(2).getString("trr_person_id")).isEqualTo(people.get(2).toString());
    assertThat(frames.get(frames.size() - 1).data().getString("status")).isEqualTo("ok");

    // After the end: the full replay, then the end, the very same events.
    EventStreamClient late = connect(eventsUrl, null);
    List<Frame> replay = late.ended().timeout(30, TimeUnit.SECONDS).await();
    assertThat(replay).isEqualTo(frames);

    // A reconnecting EventSource resumes after the last seq it saw.
    EventStreamClient resumed = connect(eventsUrl, "3");
    assertThat(resumed.ended().timeout(30, TimeUnit.SECONDS).await()).isEqualTo(frames.subList(3, frames.size()));
  }

  @Test
  void theReplayOfARecordedRunComesFromTheDatabaseAfterARestart() {
    service.seededShow("AFTER", 2);
    String runId = service.syncOk("after").getString("run_id");
    List<Frame> before = connect("/sync_runs/" + runId + "/events", null).ended().timeout(30, TimeUnit.SECONDS).await();

    service.restart(new JsonObject());
    List<Frame> after = connect("/sync_runs/" + runId + "/events", null).ended().timeout(30, TimeUnit.SECONDS).await();

    assertThat(after).isEqualTo(before);
    assertThat(after).extracting(Frame::event).containsExactly("run_started", "stage_started", "stage_finished",
        "stage_started", "stage_finished", "stage_started", "stage_started", "person_finished", "person_finished",
        "stage_finished", "stage_finished", "run_finished");
    // The people are written once, in the run's row; the saved run_finished gets them back from it.
    assertThat(after.get(after.size() - 1).data().getJsonArray("people")).hasSize(2);
    assertThat(service.db.count("SELECT count(*) FROM sync_run_event WHERE run_id = ?::uuid "
        + "AND event->>'type' = 'run_finished' AND event -> 'people' IS NULL", runId)).isEqualTo(1);
  }

  @Test
  void theEventsOfAnUnknownRunAreA404NotAStream() {
    EventStreamClient unknown = connect("/sync_runs/" + UUID.randomUUID() + "/events", null);
    unknown.ended().timeout(30, TimeUnit.SECONDS).await();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/json");
    assertThat(new JsonObject(unknown.leftover()).getJsonObject("error").getString("code")).isEqualTo("run_not_found");
  }

  private EventStreamClient connect(String path, String lastEventId) {
    return EventStreamClient.connect(service.vertx, service.port(), path, lastEventId).timeout(30, TimeUnit.SECONDS).await();
  }
}
