package com.screenalytics.facebank.stage.resolve;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN 4.3 (resolve), through real syncs over HTTP: each match level in strict order, members
 * linked elsewhere are never candidates, ambiguity fails only that person, and the link and the
 * person row are persisted without overwriting an existing person.
 */
@ExtendWith(ServiceExtension.class)
class ResolveMatchTest {

  private static final String SHOW = "RHOSLC";

  private ServiceUnderTest service;
  private UUID trrShow;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    trrShow = service.trr.show("The Real Housewives of Salt Lake City");
    service.linkedShow(SHOW, trrShow);
  }

  // ---- level 1: trr_person_id ---------------------------------------------------------------

  @Test
  void aLinkedMemberMatchesByTrrPersonIdAfterTheTrrNameChanged() {
    UUID lisa = selfPerson("Lisa Barlow", null);
    JsonObject first = service.syncOk(SHOW);
    JsonObject created = person(first, lisa);
    assertThat(created.getString("match")).isEqualTo("created");
    String castId = created.getString("cast_id");

    service.trr.db().execute("UPDATE core.people SET full_name = 'Lisa Ann Barlow-Smith' WHERE id = '" + lisa + "'");
    JsonObject second = service.syncOk(SHOW);

    JsonObject matched = person(second, lisa);
    assertThat(matched.getString("match")).isEqualTo("trr_person_id");
    assertThat(matched.getString("cast_id")).isEqualTo(castId);
    assertThat(matched.getString("person_id")).isEqualTo(lisa.toString());
    assertThat(matched.getString("status")).isEqualTo("ok");
    assertThat(second.getInteger("matched_cast")).isEqualTo(1);
    assertThat(second.getInteger("created_cast")).isZero();
    assertThat(castCount()).isEqualTo(1);
  }

  @Test
  void aMemberLinkedByNameKeepsItsLinkWhenTheTrrPersonIsRenamedAndGetsAnImdbId() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "Meredith Marks"));
    UUID meredith = selfPerson("Meredith Marks", null);
    assertThat(person(service.syncOk(SHOW), meredith).getString("match")).isEqualTo("name");

    // a second local member now holds the new IMDb id and the new name: level 1 still wins
    JsonObject decoy = service.addCast(SHOW, new JsonObject().put("name", "Meredith B. Marks").put("imdb_id", "nm0009001"));
    service.trr.db().execute("UPDATE core.people SET full_name = 'Meredith B. Marks', external_ids = '{\"imdb\":\"nm0009001\"}'"
        + " WHERE id = '" + meredith + "'");
    JsonObject second = service.syncOk(SHOW);

    JsonObject matched = person(second, meredith);
    assertThat(matched.getString("match")).isEqualTo("trr_person_id");
    assertThat(matched.getString("cast_id")).isEqualTo(member.getString("cast_id"));
    assertThat(castCount()).isEqualTo(2);
    assertThat(trrPersonIdOf(decoy)).as("the decoy stays unlinked").isNull();
  }

  // ---- level 2: imdb_id ---------------------------------------------------------------------

  @Test
  void imdbIdMatchesTrimmedAndCaseInsensitiveEvenWhenNamesDiffer() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "L. B.").put("imdb_id", "NM0001234"));
    // the API trims imdb_id on the way in; put the padding in directly to exercise the matcher
    service.db.execute("UPDATE cast_member SET imdb_id = ' NM0001234 ' WHERE cast_id = '" + member.getString("cast_id") + "'");
    UUID lisa = selfPerson("Lisa Barlow", "nm0001234");

    JsonObject body = service.syncOk(SHOW);

    JsonObject matched = person(body, lisa);
    assertThat(matched.getString("match")).isEqualTo("imdb_id");
    assertThat(matched.getString("cast_id")).isEqualTo(member.getString("cast_id"));
    assertThat(matched.getString("person_id")).isEqualTo(lisa.toString());
    assertThat(body.getInteger("matched_cast")).isEqualTo(1);
    assertThat(body.getInteger("created_cast")).isZero();
    assertThat(castCount()).isEqualTo(1);
    assertLinked(member.getString("cast_id"), lisa);
  }

  @Test
  void aMissingImdbIdNeverMatchesAMemberWithoutOne() {
    JsonObject noImdb = service.addCast(SHOW, new JsonObject().put("name", "Somebody Else"));
    JsonObject blankImdb = service.addCast(SHOW, new JsonObject().put("name", "Another Person"));
    service.db.execute("UPDATE cast_member SET imdb_id = '   ' WHERE cast_id = '" + blankImdb.getString("cast_id") + "'");
    JsonObject byName = service.addCast(SHOW, new JsonObject().put("name", "Whitney Rose"));
    UUID heather = selfPerson("Heather Gay", null);
    UUID angie = selfPerson("Angie Katsanevas", "  ");
    UUID whitney = selfPerson("Whitney Rose", null);

    JsonObject body = service.syncOk(SHOW);

    assertThat(person(body, heather).getString("match")).isEqualTo("created");
    assertThat(person(body, angie).getString("match")).isEqualTo("created");
    assertThat(person(body, whitney).getString("match")).isEqualTo("name");
    assertThat(person(body, whitney).getString("cast_id")).isEqualTo(byName.getString("cast_id"));
    assertThat(trrPersonIdOf(noImdb)).isNull();
    assertThat(trrPersonIdOf(blankImdb)).isNull();
    assertThat(body.getInteger("created_cast")).isEqualTo(2);
    assertThat(body.getInteger("matched_cast")).isEqualTo(1);
    assertThat(castCount()).isEqualTo(5);
  }

  // ---- level 3: name, full_name, alias ------------------------------------------------------

  @Test
  void normalizedTrrNameMatchesTheMemberName() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "Meredith Marks"));
    service.db.execute("UPDATE cast_member SET name = E' MEREDITH \\t  marks\\n' WHERE cast_id = '"
        + member.getString("cast_id") + "'");
    UUID meredith = selfPerson("  Meredith   MARKS ", null);

    JsonObject body = service.syncOk(SHOW);

    JsonObject matched = person(body, meredith);
    assertThat(matched.getString("match")).isEqualTo("name");
    assertThat(matched.getString("cast_id")).isEqualTo(member.getString("cast_id"));
    assertThat(castCount()).isEqualTo(1);
    assertLinked(member.getString("cast_id"), meredith);
  }

  @Test
  void normalizedTrrNameMatchesTheMemberFullName() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "Mary").put("full_name", "Mary  M. COSBY"));
    UUID mary = selfPerson("mary m. cosby", null);

    JsonObject body = service.syncOk(SHOW);

    JsonObject matched = person(body, mary);
    assertThat(matched.getString("match")).isEqualTo("name");
    assertThat(matched.getString("cast_id")).isEqualTo(member.getString("cast_id"));
    assertThat(castCount()).isEqualTo(1);
    assertLinked(member.getString("cast_id"), mary);
  }

  @Test
  void trrNameEqualToAnAliasMatchesByAlias() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "Jen")
        .put("aliases", new JsonArray().add("Jennie").add("JEN  Shah")));
    service.addCast(SHOW, new JsonObject().put("name", "Someone").put("aliases", new JsonArray().add("Jen S.")));
    UUID jen = selfPerson("Jen Shah", null);

    JsonObject body = service.syncOk(SHOW);

    JsonObject matched = person(body, jen);
    assertThat(matched.getString("match")).isEqualTo("alias");
    assertThat(matched.getString("cast_id")).isEqualTo(member.getString("cast_id"));
    assertThat(body.getInteger("matched_cast")).isEqualTo(1);
    assertThat(castCount()).isEqualTo(2);
    assertLinked(member.getString("cast_id"), jen);
  }

  // ---- no candidate: created ----------------------------------------------------------------

  @Test
  void withoutACandidateANewMemberIsCreatedFromTheTrrPerson() {
    JsonObject unrelated = service.addCast(SHOW, new JsonObject().put("name", "Unrelated Member").put("imdb_id", "nm0000999"));
    UUID heather = selfPerson("Heather Gay", " nm0004321 ");

    JsonObject body = service.syncOk(SHOW);

    JsonObject created = person(body, heather);
    assertThat(created.getString("match")).isEqualTo("created");
    assertThat(created.getString("status")).isEqualTo("ok");
    assertThat(created.getString("person_id")).isEqualTo(heather.toString());
    assertThat(body.getInteger("created_cast")).isEqualTo(1);
    assertThat(body.getInteger("matched_cast")).isZero();
    assertThat(castCount()).isEqualTo(2);
    List<Map<String, Object>> rows = service.db.query(
        "SELECT cast_id, show_id, name, role, status, imdb_id, trr_person_id, person_id FROM cast_member WHERE cast_id = ?",
        UUID.fromString(created.getString("cast_id")));
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.get("show_id")).isEqualTo(SHOW);
      assertThat(row.get("name")).isEqualTo("Heather Gay");
      assertThat(row.get("role")).isEqualTo("other");
      assertThat(row.get("status")).isEqualTo("active");
      assertThat(row.get("imdb_id")).isEqualTo("nm0004321");
      assertThat(row.get("trr_person_id")).isEqualTo(heather);
      assertThat(row.get("person_id")).isEqualTo(heather);
    });
    assertThat(trrPersonIdOf(unrelated)).isNull();
    assertPersonRow(heather, "Heather Gay");
  }

  @Test
  void membersOfAnotherLocalShowAreNeverCandidates() {
    UUID otherTrrShow = service.trr.show("The Real Housewives of Beverly Hills");
    service.linkedShow("RHOBH", otherTrrShow);
    JsonObject elsewhere = service.addCast("RHOBH", new JsonObject().put("name", "Lisa Barlow").put("imdb_id", "nm0001111"));
    UUID lisa = selfPerson("Lisa Barlow", "nm0001111");

    JsonObject body = service.syncOk(SHOW);

    JsonObject created = person(body, lisa);
    assertThat(created.getString("match")).isEqualTo("created");
    assertThat(created.getString("cast_id")).isNotEqualTo(elsewhere.getString("cast_id"));
    assertThat(trrPersonIdOf(elsewhere)).isNull();
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE show_id = ?", SHOW)).isEqualTo(1);
  }

  // ---- strict order -------------------------------------------------------------------------

  @Test
  void aMemberMatchingByImdbBeatsAnotherMatchingByName() {
    JsonObject byName = service.addCast(SHOW, new JsonObject().put("name", "Angie Katsanevas"));
    JsonObject byImdb = service.addCast(SHOW, new JsonObject().put("name", "Angie K").put("imdb_id", "nm0005555"));
    UUID angie = selfPerson("Angie Katsanevas", "nm0005555");

    JsonObject body = service.syncOk(SHOW);

    JsonObject matched = person(body, angie);
    assertThat(matched.getString("match")).isEqualTo("imdb_id");
    assertThat(matched.getString("cast_id")).isEqualTo(byImdb.getString("cast_id"));
    assertThat(matched.getString("status")).isEqualTo("ok");
    assertThat(trrPersonIdOf(byName)).isNull();
    assertLinked(byImdb.getString("cast_id"), angie);
    assertThat(castCount()).isEqualTo(2);
  }

  @Test
  void aMemberMatchingByNameBeatsAnotherMatchingByNothing() {
    // sanity for the ordering test above: with no IMDb match, the name decides
    JsonObject byName = service.addCast(SHOW, new JsonObject().put("name", "Angie Katsanevas"));
    service.addCast(SHOW, new JsonObject().put("name", "Angie K").put("imdb_id", "nm0005556"));
    UUID angie = selfPerson("Angie Katsanevas", "nm0005555");

    JsonObject matched = person(service.syncOk(SHOW), angie);

    assertThat(matched.getString("match")).isEqualTo("name");
    assertThat(matched.getString("cast_id")).isEqualTo(byName.getString("cast_id"));
  }

  // ---- members linked to another TRR person -------------------------------------------------

  @Test
  void aMemberLinkedToTheFirstOfTwoSameNamedTrrPeopleIsNotACandidateForTheSecond() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "Bronwyn Newport"));
    UUID first = selfPerson("Bronwyn Newport", null);
    UUID second = selfPerson("Bronwyn Newport", null);

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(person(body, first).getString("match")).isEqualTo("name");
    assertThat(person(body, first).getString("cast_id")).isEqualTo(member.getString("cast_id"));
    JsonObject other = person(body, second);
    assertThat(other.getString("match")).isEqualTo("created");
    assertThat(other.getString("cast_id")).isNotEqualTo(member.getString("cast_id"));
    assertThat(castCount()).isEqualTo(2);
    assertLinked(member.getString("cast_id"), first);
    assertLinked(other.getString("cast_id"), second);

    JsonObject again = service.syncOk(SHOW);
    assertThat(person(again, first).getString("match")).isEqualTo("trr_person_id");
    assertThat(person(again, second).getString("match")).isEqualTo("trr_person_id");
    assertThat(person(again, second).getString("cast_id")).isEqualTo(other.getString("cast_id"));
    assertThat(castCount()).isEqualTo(2);
  }

  @Test
  void aMemberLinkedToAnotherTrrPersonIsNotACandidateEvenByImdbOrAlias() {
    UUID someoneElse = UUID.randomUUID();
    JsonObject linked = service.addCast(SHOW, new JsonObject().put("name", "Heather Gay").put("imdb_id", "nm0006666")
        .put("aliases", new JsonArray().add("Heather Gay")));
    service.db.execute("UPDATE cast_member SET trr_person_id = '" + someoneElse + "' WHERE cast_id = '"
        + linked.getString("cast_id") + "'");
    UUID heather = selfPerson("Heather Gay", "nm0006666");

    JsonObject body = service.syncOk(SHOW);

    JsonObject created = person(body, heather);
    assertThat(created.getString("match")).isEqualTo("created");
    assertThat(created.getString("cast_id")).isNotEqualTo(linked.getString("cast_id"));
    assertThat(service.db.query("SELECT trr_person_id FROM cast_member WHERE cast_id = ?",
        UUID.fromString(linked.getString("cast_id")))).extracting(row -> row.get("trr_person_id"))
        .containsExactly(someoneElse);
    assertThat(castCount()).isEqualTo(2);
  }

  // ---- ambiguity ----------------------------------------------------------------------------

  @Test
  void twoMembersWithTheSameNameAreAmbiguous() {
    JsonObject a = service.addCast(SHOW, new JsonObject().put("name", "Mary Cosby"));
    JsonObject b = service.addCast(SHOW, new JsonObject().put("name", "M. C.").put("full_name", "mary  cosby"));
    UUID mary = selfPerson("Mary Cosby", null);
    UUID lisa = selfPerson("Lisa Barlow", null);

    HttpResponse<Buffer> response = service.sync(SHOW, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertAmbiguous(body, mary, a, b);
    assertThat(person(body, lisa).getString("status")).isEqualTo("ok");
    assertThat(person(body, lisa).getString("match")).isEqualTo("created");
    assertThat(body.getInteger("created_cast")).isEqualTo(1);
    assertThat(body.getInteger("matched_cast")).isZero();
    assertThat(castCount()).as("only the unambiguous person was created").isEqualTo(3);
  }

  @Test
  void twoMembersWithTheSameImdbIdAreAmbiguousEvenWhenTheNameWouldDecide() {
    JsonObject a = service.addCast(SHOW, new JsonObject().put("name", "Whitney Rose").put("imdb_id", "nm0007777"));
    JsonObject b = service.addCast(SHOW, new JsonObject().put("name", "W. R.").put("imdb_id", "NM0007777"));
    UUID whitney = selfPerson("Whitney Rose", "nm0007777");
    UUID heather = selfPerson("Heather Gay", null);

    JsonObject body = service.syncOk(SHOW);

    assertAmbiguous(body, whitney, a, b);
    assertThat(person(body, whitney).getJsonObject("error").getString("message")).contains("imdb_id");
    assertThat(person(body, heather).getString("status")).isEqualTo("ok");
    assertThat(castCount()).isEqualTo(3);
  }

  @Test
  void aNameOnOneMemberAndAnAliasOnAnotherAreAmbiguous() {
    JsonObject a = service.addCast(SHOW, new JsonObject().put("name", "Jen Shah"));
    JsonObject b = service.addCast(SHOW, new JsonObject().put("name", "Jenny").put("aliases", new JsonArray().add("jen shah")));
    UUID jen = selfPerson("Jen Shah", null);
    UUID lisa = selfPerson("Lisa Barlow", null);

    JsonObject body = service.syncOk(SHOW);

    assertAmbiguous(body, jen, a, b);
    assertThat(person(body, lisa).getString("status")).isEqualTo("ok");
  }

  @Test
  void anAmbiguousPersonStaysAmbiguousOnTheNextRun() {
    JsonObject a = service.addCast(SHOW, new JsonObject().put("name", "Mary Cosby"));
    JsonObject b = service.addCast(SHOW, new JsonObject().put("name", "Mary Cosby"));
    UUID mary = selfPerson("Mary Cosby", null);
    selfPerson("Lisa Barlow", null);
    service.syncOk(SHOW);

    JsonObject second = service.syncOk(SHOW);

    assertAmbiguous(second, mary, a, b);
    assertThat(castCount()).isEqualTo(3);
  }

  // ---- persisted link and person row --------------------------------------------------------

  @Test
  void aMatchPersistsTheLinkAndCreatesThePersonRow() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "lisa barlow"));
    UUID lisa = selfPerson("Lisa Barlow", null);

    JsonObject body = service.syncOk(SHOW);

    assertThat(person(body, lisa).getString("match")).isEqualTo("name");
    assertThat(person(body, lisa).getString("person_id")).isEqualTo(lisa.toString());
    assertLinked(member.getString("cast_id"), lisa);
    assertPersonRow(lisa, "Lisa Barlow");
    assertThat(service.db.count("SELECT count(*) FROM person")).isEqualTo(1);
    // the local member keeps its own name
    assertThat(service.db.query("SELECT name FROM cast_member WHERE cast_id = ?", UUID.fromString(member.getString("cast_id"))))
        .extracting(row -> row.get("name")).containsExactly("lisa barlow");
  }

  @Test
  void anExistingPersonRowIsNotOverwritten() {
    JsonObject member = service.addCast(SHOW, new JsonObject().put("name", "Lisa Barlow"));
    UUID lisa = selfPerson("Lisa Barlow", null);
    UUID heather = selfPerson("Heather Gay", null);
    service.db.execute("INSERT INTO person (person_id, canonical_name, display_name, aliases) VALUES ('" + lisa
        + "', 'lisa-canonical', 'Lisa (curated)', ARRAY['LB'])");
    service.db.execute("INSERT INTO person (person_id, canonical_name, display_name) VALUES ('" + heather
        + "', 'heather-canonical', 'Heather (curated)')");
    List<Map<String, Object>> before = personRows();

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(person(body, lisa).getString("match")).isEqualTo("name");
    assertThat(person(body, heather).getString("match")).isEqualTo("created");
    assertThat(personRows()).isEqualTo(before);
    assertThat(personRows()).extracting(row -> row.get("display_name"))
        .containsExactlyInAnyOrder("Lisa (curated)", "Heather (curated)");
    assertLinked(member.getString("cast_id"), lisa);
    assertLinked(person(body, heather).getString("cast_id"), heather);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private UUID selfPerson(String fullName, String imdb) {
    UUID id = service.trr.person(fullName, imdb);
    service.trr.credit(trrShow, id, "Self");
    return id;
  }

  private long castCount() {
    return service.db.count("SELECT count(*) FROM cast_member");
  }

  private Object trrPersonIdOf(JsonObject member) {
    return service.db.query("SELECT trr_person_id FROM cast_member WHERE cast_id = ?",
        UUID.fromString(member.getString("cast_id"))).get(0).get("trr_person_id");
  }

  private void assertLinked(String castId, UUID trrPerson) {
    assertThat(service.db.query("SELECT trr_person_id, person_id FROM cast_member WHERE cast_id = ?",
        UUID.fromString(castId))).singleElement().satisfies(row -> {
          assertThat(row.get("trr_person_id")).isEqualTo(trrPerson);
          assertThat(row.get("person_id")).isEqualTo(trrPerson);
        });
  }

  private void assertPersonRow(UUID personId, String displayName) {
    assertThat(service.db.query("SELECT display_name FROM person WHERE person_id = ?", personId))
        .extracting(row -> row.get("display_name")).containsExactly(displayName);
  }

  private List<Map<String, Object>> personRows() {
    return service.db.query(
        "SELECT person_id, canonical_name, display_name, aliases, created_at, updated_at FROM person ORDER BY person_id");
  }

  private void assertAmbiguous(JsonObject body, UUID trrPerson, JsonObject... members) {
    assertThat(body.getString("status")).isEqualTo("partial");
    assertThat(body.getInteger("import_errors")).isEqualTo(1);
    JsonObject failed = person(body, trrPerson);
    assertThat(failed.getString("status")).isEqualTo("error");
    assertThat(failed.getValue("match")).isNull();
    assertThat(failed.getValue("cast_id")).isNull();
    assertThat(failed.getJsonObject("error").getString("code")).isEqualTo("ambiguous_match");
    String message = failed.getJsonObject("error").getString("message");
    for (JsonObject member : members) {
      assertThat(message).contains(member.getString("cast_id"));
      assertThat(trrPersonIdOf(member)).as("an ambiguous candidate is not linked").isNull();
    }
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", trrPerson)).isZero();
    assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", trrPerson)).isZero();
    assertThat(service.photos.callsFor(trrPerson)).as("no photos for an unresolved person").isEmpty();
  }

}
