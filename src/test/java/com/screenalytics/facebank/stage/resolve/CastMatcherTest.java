package com.screenalytics.facebank.stage.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.db.CastMember;
import com.screenalytics.facebank.pipeline.CastEntry;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Ambiguous;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Matched;
import com.screenalytics.facebank.stage.resolve.CastMatcher.NoMatch;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Result;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The resolve rule of DESIGN 4.3 in isolation: normalize() and each level of CastMatcher. */
class CastMatcherTest {

  // ---- normalize ----------------------------------------------------------------------------

  @Nested
  class Normalize {

    @Test
    void trimsLowerCasesAndCollapsesWhiteSpace() {
      assertThat(CastMatcher.normalize("  Lisa   BARLOW ")).isEqualTo("lisa barlow");
      assertThat(CastMatcher.normalize("\tMeredith\n\r Marks\f")).isEqualTo("meredith marks");
      assertThat(CastMatcher.normalize("Mary M.  Cosby")).isEqualTo("mary m. cosby");
    }

    @Test
    void nullAndBlankReadAsEmpty() {
      assertThat(CastMatcher.normalize(null)).isEmpty();
      assertThat(CastMatcher.normalize("")).isEmpty();
      assertThat(CastMatcher.normalize(" \t\n ")).isEmpty();
    }

    @Test
    void keepsEverythingElse() {
      assertThat(CastMatcher.normalize("Angie K.")).isEqualTo("angie k.");
      assertThat(CastMatcher.normalize("Bronwyn-Newport")).isEqualTo("bronwyn-newport");
      assertThat(CastMatcher.normalize("BronwynNewport")).as("no white space is invented").isEqualTo("bronwynnewport");
    }

    @Test
    void lowerCasingIsLocaleIndependent() {
      java.util.Locale saved = java.util.Locale.getDefault();
      try {
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        assertThat(CastMatcher.normalize("LISA")).isEqualTo("lisa");
      } finally {
        java.util.Locale.setDefault(saved);
      }
    }
  }

  // ---- level 1: trr_person_id ---------------------------------------------------------------

  @Test
  void theLinkedMemberWinsOverImdbAndNameCandidates() {
    UUID trr = UUID.randomUUID();
    CastMember linked = member("Old Name").linkedTo(trr);
    CastMember byImdb = member("Other").withImdb("nm0000001").cm();
    CastMember byName = member("Lisa Barlow").cm();
    Result result = new CastMatcher(List.of(byImdb, byName, linked)).match(new CastEntry(trr, "Lisa Barlow", "nm0000001"));

    assertMatched(result, linked, Match.TRR_PERSON_ID);
  }

  // ---- level 2: imdb_id ---------------------------------------------------------------------

  @Test
  void imdbMatchesTrimmedAndCaseInsensitive() {
    CastMember m = member("Somebody").withImdb(" NM0001234 ").cm();
    assertMatched(new CastMatcher(List.of(m)).match(trr("Lisa Barlow", "nm0001234")), m, Match.IMDB_ID);
    assertMatched(new CastMatcher(List.of(m)).match(trr("Lisa Barlow", "  nm0001234\t")), m, Match.IMDB_ID);
  }

  @Test
  void aMissingImdbIdNeverMatches() {
    CastMember nullImdb = member("A").cm();
    CastMember blankImdb = member("B").withImdb("  ").cm();
    CastMember emptyImdb = member("C").withImdb("").cm();
    CastMatcher matcher = new CastMatcher(List.of(nullImdb, blankImdb, emptyImdb));

    assertThat(matcher.match(trr("Lisa Barlow", null))).isInstanceOf(NoMatch.class);
    assertThat(matcher.match(trr("Lisa Barlow", ""))).isInstanceOf(NoMatch.class);
    assertThat(matcher.match(trr("Lisa Barlow", "   "))).isInstanceOf(NoMatch.class);
  }

  @Test
  void aDifferentImdbIdIsNoMatchAtThatLevel() {
    CastMember m = member("Somebody").withImdb("nm0000002").cm();
    assertThat(new CastMatcher(List.of(m)).match(trr("Lisa Barlow", "nm0000001"))).isInstanceOf(NoMatch.class);
    assertThat(new CastMatcher(List.of(m)).match(trr("Lisa Barlow", "nm000000"))).as("exact only, no prefix")
        .isInstanceOf(NoMatch.class);
  }

  @Test
  void imdbBeatsName() {
    CastMember byName = member("Angie Katsanevas").cm();
    CastMember byImdb = member("Angie K").withImdb("nm0005555").cm();
    Result result = new CastMatcher(List.of(byName, byImdb)).match(trr("Angie Katsanevas", "nm0005555"));

    assertMatched(result, byImdb, Match.IMDB_ID);
  }

  @Test
  void whenNoImdbMatchesTheNameDecides() {
    CastMember byName = member("Angie Katsanevas").withImdb("nm0000009").cm();
    Result result = new CastMatcher(List.of(byName)).match(trr("Angie Katsanevas", "nm0005555"));

    assertMatched(result, byName, Match.NAME);
  }

  @Test
  void twoImdbCandidatesAreAmbiguousEvenWhenTheNameWouldDecide() {
    CastMember a = member("Whitney Rose").withImdb("nm0007777").cm();
    CastMember b = member("W. R.").withImdb("NM0007777").cm();
    CastMember c = member("Whitney Rose").cm();
    Result result = new CastMatcher(List.of(a, b, c)).match(trr("Whitney Rose", "nm0007777"));

    assertAmbiguous(result, Match.IMDB_ID, a, b);
  }

  // ---- level 3: name, full_name, alias ------------------------------------------------------

  @Test
  void nameMatchesNormalized() {
    CastMember m = member(" MEREDITH \t marks ").cm();
    assertMatched(new CastMatcher(List.of(m)).match(trr("Meredith   Marks", null)), m, Match.NAME);
  }

  @Test
  void fullNameMatchesAsName() {
    CastMember m = member("Mary").withFullName("Mary  M. COSBY").cm();
    assertMatched(new CastMatcher(List.of(m)).match(trr("mary m. cosby", null)), m, Match.NAME);
  }

  @Test
  void anAliasMatchesAsAlias() {
    CastMember m = member("Jen").withAliases("Jennie", " JEN  shah ").cm();
    CastMember other = member("Someone").withAliases("Jen S.").cm();
    assertMatched(new CastMatcher(List.of(other, m)).match(trr("Jen Shah", null)), m, Match.ALIAS);
  }

  @Test
  void aMemberMatchingByNameAndAliasIsOneCandidateAtNameLevel() {
    CastMember m = member("Jen Shah").withFullName("jen shah").withAliases("Jen Shah").cm();
    assertMatched(new CastMatcher(List.of(m)).match(trr("Jen Shah", null)), m, Match.NAME);
  }

  @Test
  void noPartialOrFuzzyNameMatch() {
    CastMatcher matcher = new CastMatcher(List.of(member("Lisa").cm(), member("Lisa Barlow Smith").cm(), member("Lisa  Barlow.").cm()));
    assertThat(matcher.match(trr("Lisa Barlow", null))).isInstanceOf(NoMatch.class);
  }

  @Test
  void twoMembersWithTheSameNameAreAmbiguous() {
    CastMember a = member("Mary Cosby").cm();
    CastMember b = member("M. C.").withFullName("mary cosby").cm();
    assertAmbiguous(new CastMatcher(List.of(a, b)).match(trr("Mary Cosby", null)), Match.NAME, a, b);
  }

  @Test
  void aNameAndAnAliasOnDifferentMembersAreAmbiguous() {
    CastMember a = member("Jen Shah").cm();
    CastMember b = member("Jenny").withAliases("jen shah").cm();
    Result result = new CastMatcher(List.of(a, b)).match(trr("Jen Shah", null));

    assertThat(result).isInstanceOf(Ambiguous.class);
    assertThat(((Ambiguous) result).castIds()).containsExactlyInAnyOrder(a.castId(), b.castId());
  }

  @Test
  void twoAliasCandidatesAreAmbiguousAtAliasLevel() {
    CastMember a = member("Jenny").withAliases("Jen Shah").cm();
    CastMember b = member("J").withAliases("JEN SHAH").cm();
    assertAmbiguous(new CastMatcher(List.of(a, b)).match(trr("Jen Shah", null)), Match.ALIAS, a, b);
  }

  @Test
  void aBlankTrrNameMatchesNoMemberWithABlankName() {
    CastMember noFullName = member("Somebody").cm();
    CastMember blankAlias = member("Somebody Else").withAliases("  ").cm();
    CastMatcher matcher = new CastMatcher(List.of(noFullName, blankAlias));

    assertThat(matcher.match(trr("   ", null))).isInstanceOf(NoMatch.class);
    assertThat(matcher.match(trr(null, null))).isInstanceOf(NoMatch.class);
  }

  @Test
  void noCandidateIsNoMatch() {
    CastMatcher matcher = new CastMatcher(List.of(member("Heather Gay").withImdb("nm0000003").cm()));
    assertThat(matcher.match(trr("Lisa Barlow", "nm0000004"))).isInstanceOf(NoMatch.class);
    assertThat(new CastMatcher(List.of()).match(trr("Lisa Barlow", "nm0000004"))).isInstanceOf(NoMatch.class);
  }

  // ---- members linked to another TRR person -------------------------------------------------

  @Test
  void aMemberLinkedToAnotherCastEntryIsNeverACandidate() {
    CastMember linked = member("Heather Gay").withFullName("Heather Gay").withImdb("nm0006666")
        .withAliases("Heather Gay").linkedTo(UUID.randomUUID());
    CastMatcher matcher = new CastMatcher(List.of(linked));

    assertThat(matcher.match(trr("Heather Gay", "nm0006666"))).isInstanceOf(NoMatch.class);
    assertThat(matcher.match(trr("Heather Gay", null))).isInstanceOf(NoMatch.class);
  }

  @Test
  void aLinkedMemberDoesNotMakeTheFreeOneAmbiguous() {
    CastMember linked = member("Mary Cosby").withImdb("nm0001000").linkedTo(UUID.randomUUID());
    CastMember free = member("Mary Cosby").withImdb("nm0001000").cm();
    CastMatcher matcher = new CastMatcher(List.of(linked, free));

    assertMatched(matcher.match(trr("Mary Cosby", "nm0001000")), free, Match.IMDB_ID);
    assertMatched(matcher.match(trr("Mary Cosby", null)), free, Match.NAME);
  }

  // ---- link() -------------------------------------------------------------------------------

  @Test
  void linkMakesTheMemberUnavailableToTheNextCastEntry() {
    CastMember m = member("Bronwyn Newport").withImdb("nm0008888").withAliases("Bron").cm();
    CastMatcher matcher = new CastMatcher(List.of(m));
    CastEntry first = trr("Bronwyn Newport", null);
    assertMatched(matcher.match(first), m, Match.NAME);

    matcher.link(m, first.trrPersonId());

    assertThat(matcher.match(trr("Bronwyn Newport", null))).as("by name").isInstanceOf(NoMatch.class);
    assertThat(matcher.match(trr("Other", "nm0008888"))).as("by imdb").isInstanceOf(NoMatch.class);
    assertThat(matcher.match(trr("Bron", null))).as("by alias").isInstanceOf(NoMatch.class);
    Result again = matcher.match(new CastEntry(first.trrPersonId(), "Renamed", null));
    assertThat(again).isInstanceOf(Matched.class);
    assertThat(((Matched) again).member().castId()).isEqualTo(m.castId());
    assertThat(((Matched) again).how()).isEqualTo(Match.TRR_PERSON_ID);
  }

  @Test
  void linkingOneOfTwoSameNamedMembersLeavesTheOtherAsTheOnlyCandidate() {
    CastMember a = member("Mary Cosby").cm();
    CastMember b = member("Mary Cosby").cm();
    CastMatcher matcher = new CastMatcher(List.of(a, b));
    assertThat(matcher.match(trr("Mary Cosby", null))).isInstanceOf(Ambiguous.class);

    matcher.link(a, UUID.randomUUID());

    assertMatched(matcher.match(trr("Mary Cosby", null)), b, Match.NAME);
  }

  @Test
  void linkDoesNotTouchTheCallersList() {
    CastMember m = member("Lisa Barlow").cm();
    List<CastMember> members = new ArrayList<>(List.of(m));
    CastMatcher matcher = new CastMatcher(members);

    matcher.link(m, UUID.randomUUID());

    assertThat(members).containsExactly(m);
    assertThat(new CastMatcher(members).match(trr("Lisa Barlow", null))).isInstanceOf(Matched.class);
    // an immutable list is fine too
    new CastMatcher(List.of(m)).link(m, UUID.randomUUID());
  }

  // ---- a whole cast: level by level -------------------------------------------------------

  @Test
  void aLaterPersonsImdbMatchBeatsAnEarlierPersonsNameMatch() {
    CastMember lisa = member("Lisa Barlow").withImdb("nm0000001").cm();
    CastEntry namesake = trr("Lisa Barlow", null);
    CastEntry realLisa = trr("Lisa B.", "nm0000001");

    List<Result> results = new CastMatcher(List.of(lisa)).matchAll(List.of(namesake, realLisa));

    assertThat(results.get(0)).as("the namesake finds the member taken").isInstanceOf(NoMatch.class);
    assertMatched(results.get(1), lisa, Match.IMDB_ID);
  }

  @Test
  void withinALevelCastOrderDecidesAndTheMemberIsClaimedOnce() {
    CastMember whitney = member("Whitney Rose").cm();

    List<Result> results = new CastMatcher(List.of(whitney))
        .matchAll(List.of(trr("Whitney Rose", null), trr("Whitney  Rose", null)));

    assertMatched(results.get(0), whitney, Match.NAME);
    assertThat(results.get(1)).isInstanceOf(NoMatch.class);
  }

  @Test
  void unicodeWhiteSpaceCountsAsWhiteSpace() {
    assertThat(CastMatcher.normalize("\u00A0Lisa\u00A0\u2003Barlow\u00A0")).isEqualTo("lisa barlow");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static CastEntry trr(String fullName, String imdb) {
    return new CastEntry(UUID.randomUUID(), fullName, imdb);
  }

  private static Member member(String name) {
    return new Member(UUID.randomUUID(), name, null, List.of(), null);
  }

  /** A small builder over the 12-field CastMember record. */
  private record Member(UUID castId, String name, String fullName, List<String> aliases, String imdbId) {

    Member withFullName(String v) {
      return new Member(castId, name, v, aliases, imdbId);
    }

    Member withAliases(String... v) {
      return new Member(castId, name, fullName, List.of(v), imdbId);
    }

    Member withImdb(String v) {
      return new Member(castId, name, fullName, aliases, v);
    }

    CastMember cm() {
      return build(null);
    }

    CastMember linkedTo(UUID trrPersonId) {
      return build(trrPersonId);
    }

    CastMember build(UUID trrPersonId) {
      OffsetDateTime now = OffsetDateTime.now();
      return new CastMember(castId, "RHOSLC", name, fullName, "other", "active", aliases, imdbId, trrPersonId,
          trrPersonId, now, now);
    }
  }

  private static void assertMatched(Result result, CastMember expected, Match how) {
    assertThat(result).isInstanceOf(Matched.class);
    Matched matched = (Matched) result;
    assertThat(matched.member().castId()).isEqualTo(expected.castId());
    assertThat(matched.how()).isEqualTo(how);
  }

  private static void assertAmbiguous(Result result, Match level, CastMember... candidates) {
    assertThat(result).isInstanceOf(Ambiguous.class);
    Ambiguous ambiguous = (Ambiguous) result;
    assertThat(ambiguous.level()).isEqualTo(level);
    assertThat(ambiguous.castIds()).containsExactlyInAnyOrder(
        java.util.Arrays.stream(candidates).map(CastMember::castId).toArray(UUID[]::new));
  }
}
