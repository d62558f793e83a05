package com.screenalytics.facebank.stage.resolve;

import com.screenalytics.facebank.db.CastMember;
import com.screenalytics.facebank.pipeline.CastEntry;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The resolve rule, exact only and in strict order: the member's trr_person_id; else its IMDb id
 * (trimmed, case-insensitive); else the normalized name against name, full_name and aliases. A
 * member linked to another TRR person is never a candidate, and a member matched here counts as
 * linked for the TRR people after it, so no member is claimed twice.
 * {@link #matchAll} applies the levels across the whole cast one after the other.
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

  /** The deciding levels, strongest first (an alias match is part of the name level). */
  private static final List<Match> LEVELS = List.of(Match.TRR_PERSON_ID, Match.IMDB_ID, Match.NAME);

  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private final List<CastMember> members;

  CastMatcher(List<CastMember> members) {
    this.members = new ArrayList<>(members);
  }

  /** One person against the members still free: the first level with a candidate decides. */
  Result match(CastEntry person) {
    for (Match level : LEVELS) {
      Result result = matchAt(level, person);
      if (result != null) {
        return result;
      }
    }
    return new NoMatch();
  }

  /**
   * A whole cast, level by level: every person's trr_person_id first, then IMDb ids, then names,
   * so stronger evidence claims a member before a weaker match of another person can. Within a
   * level, cast order breaks ties. Results are in the order of {@code people}.
   */
  List<Result> matchAll(List<CastEntry> people) {
    Result[] results = new Result[people.size()];
    for (Match level : LEVELS) {
      for (int i = 0; i < people.size(); i++) {
        if (results[i] == null) {
          results[i] = matchAt(level, people.get(i));
          if (results[i] instanceof Matched matched) {
            link(matched.member(), people.get(i).trrPersonId());
          }
        }
      }
    }
    List<Result> out = new ArrayList<>();
    for (Result result : results) {
      out.add(result == null ? new NoMatch() : result);
    }
    return out;
  }

  /** The decision at one level, or null when that level has no candidate. */
  private Result matchAt(Match level, CastEntry person) {
    if (level == Match.TRR_PERSON_ID) {
      return members.stream().filter(member -> person.trrPersonId().equals(member.trrPersonId())).findFirst()
          .<Result>map(member -> new Matched(member, Match.TRR_PERSON_ID)).orElse(null);
    }
    List<CastMember> free = members.stream().filter(member -> member.trrPersonId() == null).toList();
    if (level == Match.IMDB_ID) {
      String imdb = trimToNull(person.imdbId());
      List<CastMember> byImdb = imdb == null ? List.of()
          : free.stream().filter(member -> imdb.equalsIgnoreCase(trimToNull(member.imdbId()))).toList();
      return byImdb.isEmpty() ? null : decide(byImdb, Match.IMDB_ID);
    }
    String name = normalize(person.fullName());
    if (name.isEmpty()) {
      return null;
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
    return byAlias.size() == 1 ? new Matched(byAlias.get(0), Match.ALIAS) : null;
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

  /**
   * Trim, lower-case, collapse runs of white space to one space; null reads as "". Unicode
   * spaces count (scraped names often carry a non-breaking space).
   */
  static String normalize(String text) {
    return text == null ? "" : WHITE_SPACE.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
  }

  private static String trimToNull(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
