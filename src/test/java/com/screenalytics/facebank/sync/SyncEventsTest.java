package com.screenalytics.facebank.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DESIGN 3.2: the progress events of one run on "facebank.sync.events", in order. */
@ExtendWith(ServiceExtension.class)
class SyncEventsTest {


  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    UUID seeded = service.trr.person("Lisa Barlow", "nm0000001");
    UUID unseeded = service.trr.person("Meredith Marks", null);
    UUID photoless = service.trr.person("Whitney Rose", null);
    for (UUID person : List.of(seeded, unseeded, photoless)) {
      service.trr.credit(show, person, "Self");
    }
    service.trr.seedPhoto(seeded, "https://cdn.example/lisa/seed-1.jpg", 1);
    service.trr.galleryPhoto(unseeded, "https://cdn.example/meredith/1.jpg", 1);
    service.linkedShow("rhoslc", show);
  }

  @Test
  void aRunPublishesItsEventsInOrderUntilRunFinished() {
    // The service's events as a subscriber hears them: on one context, one at a time, in publish order.
    JsonObject result = service.syncOk("rhoslc");
    String runId = result.getString("run_id");
    service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();
    List<JsonObject> received = service.events().all();

    assertThat(received).allSatisfy(event -> {
      assertThat(event.getString("run_id")).as("run_id of %s", event).isEqualTo(runId);
      assertThat(event.getString("show_id")).as("show_id of %s", event).isEqualTo("RHOSLC");
    });

    List<Long> seqs = received.stream().map(event -> event.getLong("seq")).toList();
    assertThat(seqs).doesNotContainNull();
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("seq of event %d after %d", i, seqs.get(i - 1)).isGreaterThan(seqs.get(i - 1));
    }

    assertThat(received).extracting(event -> event.getString("type"), event -> event.getString("stage"))
        .containsExactly(
            tuple("run_started", null),
            tuple("stage_started", "fetch-cast"),
            tuple("stage_finished", "fetch-cast"),
            tuple("stage_started", "resolve"),
            tuple("stage_finished", "resolve"),
            tuple("stage_started", "import-photos"),
            tuple("stage_started", "dedupe"),
            tuple("person_finished", null),
            tuple("person_finished", null),
            tuple("person_finished", null),
            tuple("stage_finished", "import-photos"),
            tuple("stage_finished", "dedupe"),
            tuple("run_finished", null));

    List<JsonObject> people = received.stream().filter(e -> "person_finished".equals(e.getString("type"))).toList();
    assertThat(people).extracting(e -> e.getInteger("done")).containsExactly(1, 2, 3);
    assertThat(people).extracting(e -> e.getInteger("total")).containsOnly(3);
    assertThat(people).extracting(e -> e.getString("name"))
        .containsExactlyInAnyOrder("Lisa Barlow", "Meredith Marks", "Whitney Rose");

    JsonObject runFinished = received.get(received.size() - 1);
    assertThat(runFinished.getString("status")).isEqualTo("ok").isEqualTo(result.getString("status"));
  }
}
