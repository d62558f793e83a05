package com.screenalytics.facebank.stage.resolve;

import com.screenalytics.facebank.db.CastMember;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.trr.TrrPerson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The resolve rule, exact only and in strict order: the member's trr_person_id; else its IMDb id
 * (trimmed, case-insensitive); else the normalized name against name, full_name and aliases. A
 * member linked to another TRR person is never a candidate, and a member matched here counts as
 * linked for the TRR people after it, so no member is claimed twice.
 */
final class CastMatcher {

  sealed interface Result permits Matched, Ambiguous, NoMatch {
  }

  record Matched(CastMember member, Match how) implements Result {
  }

  record Ambiguous(Match level, List<UUID> castIds) implements Result {
  }

  record NoMatch() implements Result {
  }

  private final List<CastMember> members;

  CastMatcher(List<CastMember> members) {
    this.members = new ArrayList<>(members);
  }

  Result match(TrrPerson person) {
    for (CastMember member : members) {
      if (person.id().equals(member.trrPersonId())) {
        return new Matched(member, Match.TRR_PERSON_ID);
      }
    }
    List<CastMember> free = members.stream().filter(member -> member.trrPersonId() == null).toList();

    String imdb = trimToNull(person.imdbId());
    if (imdb != null) {
      List<CastMember> byImdb = free.stream().filter(member -> imdb.equalsIgnoreCase(trimToNull(member.imdbId())))
          .toList();
      if (!byImdb.isEmpty()) {
        return decide(byImdb, Match.IMDB_ID);
      }
    }

    String name = normalize(person.fullName());
    if (name.isEmpty()) {
      return new NoMatch();
    }
    List<CastMember> byName = free.stream()
        .filter(member -> name.equals(normalize(member.name())) || name.equals(normalize(member.fullName())))
        .toList();
    List<CastMember> byAlias = free.stream()
        .filter(member -> !byName.contains(member))
        .filter(member -> member.aliases().stream().anyMatch(alias -> name.equals(normalize(alias))))
        .toList();
    if (byName.size() + byAlias.size() > 1) {
      List<CastMember> all = new ArrayList<>(byName);
      all.addAll(byAlias);
      return new Ambiguous(byName.isEmpty() ? Match.ALIAS : Match.NAME, all.stream().map(CastMember::castId).toList());
    }
    if (byName.size() == 1) {
      return new Matched(byName.get(0), Match.NAME);
    }
    if (byAlias.size() == 1) {
      return new Matched(byAlias.get(0), Match.ALIAS);
    }
    return new NoMatch();
  }

  /** Records that a member now belongs to this TRR person. */
  void link(CastMember member, UUID trrPersonId) {
    members.replaceAll(m -> m.castId().equals(member.castId()) ? m.linkedTo(trrPersonId) : m);
  }

  private static Result decide(List<CastMember> candidates, Match level) {
    return candidates.size() == 1
        ? new Matched(candidates.get(0), level)
        : new Ambiguous(level, candidates.stream().map(CastMember::castId).toList());
  }

  /** Trim, lower-case, collapse runs of white space to one space; null reads as "". */
  static String normalize(String text) {
    return text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  private static String trimToNull(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
