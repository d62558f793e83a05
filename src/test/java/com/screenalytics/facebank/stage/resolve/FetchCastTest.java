package com.screenalytics.facebank.stage.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN 4.2 (fetch-cast), through real syncs over HTTP: only credit_category 'Self' counts, one
 * entry per TRR person however many credits it holds, only the synced show's credits, and the IMDb
 * id is external_ids->>'imdb' trimmed with blank meaning none.
 */
@ExtendWith(ServiceExtension.class)
class FetchCastTest {

  private static final String SHOW = "RHOSLC";

  private ServiceUnderTest service;
  private UUID trrShow;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    trrShow = service.trr.show("The Real Housewives of Salt Lake City");
    service.linkedShow(SHOW, trrShow);
  }

  @Test
  void onlySelfCreditsCount() {
    UUID self = service.trr.person("Lisa Barlow", "nm0000101");
    UUID castOnly = service.trr.person("Actor Only", "nm0000102");
    UUID crewOnly = service.trr.person("Crew Only", null);
    UUID guestOnly = service.trr.person("Guest Only", null);
    service.trr.credit(trrShow, castOnly, "cast");
    service.trr.credit(trrShow, self, "Self");
    service.trr.credit(trrShow, crewOnly, "crew");
    service.trr.credit(trrShow, guestOnly, "guest");

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getInteger("total_trr_cast")).isEqualTo(1);
    assertThat(body.getInteger("created_cast")).isEqualTo(1);
    assertThat(trrIds(body)).containsExactly(self.toString());
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE show_id = ?", SHOW)).isEqualTo(1);
    assertThat(service.db.query("SELECT trr_person_id FROM cast_member WHERE show_id = ?", SHOW))
        .extracting(row -> row.get("trr_person_id")).containsExactly(self);
    for (UUID excluded : List.of(castOnly, crewOnly, guestOnly)) {
      assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", excluded))
          .as("no person row for a non-Self credit").isZero();
      assertThat(service.photos.callsFor(excluded)).as("no photos call for a non-Self credit").isEmpty();
    }
  }

  @Test
  void aShowWhoseCreditsAreAllNonSelfHasAnEmptyCast() {
    UUID crew = service.trr.person("Crew Only", null);
    service.trr.credit(trrShow, crew, "crew");
    service.trr.credit(trrShow, crew, "guest");

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getInteger("total_trr_cast")).isZero();
    assertThat(body.getJsonArray("people")).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM person")).isZero();
  }

  @Test
  void aPersonWithSeveralCreditsIsCountedOnce() {
    UUID twoSelf = service.trr.person("Heather Gay", "nm0000201");
    UUID selfAndCrew = service.trr.person("Whitney Rose", null);
    UUID single = service.trr.person("Meredith Marks", null);
    service.trr.credit(trrShow, twoSelf, "Self");
    service.trr.credit(trrShow, selfAndCrew, "crew");
    service.trr.credit(trrShow, twoSelf, "Self");
    service.trr.credit(trrShow, selfAndCrew, "Self");
    service.trr.credit(trrShow, single, "Self");

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getInteger("total_trr_cast")).isEqualTo(3);
    assertThat(body.getInteger("created_cast")).isEqualTo(3);
    assertThat(body.getJsonArray("people")).hasSize(3);
    assertThat(trrIds(body)).containsExactlyInAnyOrder(twoSelf.toString(), selfAndCrew.toString(), single.toString());
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE show_id = ?", SHOW)).isEqualTo(3);
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", twoSelf)).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", selfAndCrew)).isEqualTo(1);
    assertThat(service.photos.callsFor(twoSelf)).extracting(Call::seedOnly)
        .as("one person, one seed call").containsExactly("true", "false");
  }

  @Test
  void creditsOfAnotherShowAreNotIncluded() {
    UUID otherShow = service.trr.show("The Real Housewives of Beverly Hills");
    UUID here = service.trr.person("Lisa Barlow", null);
    UUID elsewhere = service.trr.person("Kyle Richards", "nm0000301");
    UUID both = service.trr.person("Crossover Guest", null);
    service.trr.credit(trrShow, here, "Self");
    service.trr.credit(otherShow, elsewhere, "Self");
    service.trr.credit(otherShow, both, "Self");
    service.trr.credit(trrShow, both, "Self");
    service.trr.credit(otherShow, here, "Self");

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getInteger("total_trr_cast")).isEqualTo(2);
    assertThat(trrIds(body)).containsExactlyInAnyOrder(here.toString(), both.toString());
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", elsewhere)).isZero();
    assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", elsewhere)).isZero();
    assertThat(service.photos.callsFor(elsewhere)).isEmpty();
  }

  @Test
  void theImdbIdIsTrimmedAndBlankMeansNone() {
    UUID padded = service.trr.person("Padded Imdb", " nm0000123 ");
    UUID blank = service.trr.person("Blank Imdb", "   ");
    UUID empty = service.trr.person("Empty Imdb", "");
    UUID absent = service.trr.person("Absent Imdb", null);
    for (UUID person : List.of(padded, blank, empty, absent)) {
      service.trr.credit(trrShow, person, "Self");
    }

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getInteger("total_trr_cast")).isEqualTo(4);
    Map<String, JsonObject> people = byTrrId(body);
    assertThat(people.get(padded.toString()).getString("imdb_id")).isEqualTo("nm0000123");
    assertThat(people.get(padded.toString()).containsKey("imdb_id")).isTrue();
    for (UUID none : List.of(blank, empty, absent)) {
      JsonObject person = people.get(none.toString());
      assertThat(person.containsKey("imdb_id")).as("imdb_id is always present").isTrue();
      assertThat(person.getString("imdb_id")).as("blank or absent IMDb id is null").isNull();
    }
    assertThat(service.db.query("SELECT imdb_id FROM cast_member WHERE trr_person_id = ?", padded))
        .extracting(row -> row.get("imdb_id")).containsExactly("nm0000123");
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE imdb_id IS NULL")).isEqualTo(3);
  }

  private static List<String> trrIds(JsonObject body) {
    return body.getJsonArray("people").stream().map(JsonObject.class::cast)
        .map(person -> person.getString("trr_person_id")).toList();
  }

  private static Map<String, JsonObject> byTrrId(JsonObject body) {
    return body.getJsonArray("people").stream().map(JsonObject.class::cast)
        .collect(java.util.stream.Collectors.toMap(p -> p.getString("trr_person_id"), p -> p));
  }
}
