package com.screenalytics.facebank.stage.resolve;

import com.screenalytics.facebank.db.CastMember;
import com.screenalytics.facebank.pipeline.CastEntry;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** The members in list order; an entry is replaced by its linked form when this matcher links it. */
  private final CastMember[] members;
  /** Members by trr_person_id, IMDb id (case-folded), normalized name / full name, normalized alias: indexes into {@link #members}, in order. */
  private final Map<UUID, List<Integer>> byTrrPersonId = new HashMap<>();
  private final Map<String, List<Integer>> byImdb = new HashMap<>();
  private final Map<String, List<Integer>> byName = new HashMap<>();
  private final Map<String, List<Integer>> byAlias = new HashMap<>();
  private final Map<UUID, Integer> position = new HashMap<>();

  /**
   * Indexes the members once (by link, IMDb id, name and alias), so matching a cast of P people
   * against M members costs about P + M look-ups, not P × M comparisons.
   */
  CastMatcher(List<CastMember> members) {
    this.members = members.toArray(CastMember[]::new);
    for (int i = 0; i < this.members.length; i++) {
      CastMember member = this.members[i];
      position.putIfAbsent(member.castId(), i);
      if (member.trrPersonId() != null) {
        add(byTrrPersonId, member.trrPersonId(), i);
      }
      String imdb = trimToNull(member.imdbId());
      if (imdb != null) {
        add(byImdb, fold(imdb), i);
      }
      Set<String> names = new LinkedHashSet<>(List.of(normalize(member.name()), normalize(member.fullName())));
      for (String name : names) {
        add(byName, name, i);
      }
      Set<String> aliases = new LinkedHashSet<>();
      member.aliases().forEach(alias -> aliases.add(normalize(alias)));
      for (String alias : aliases) {
        add(byAlias, alias, i);
      }
    }
  }

  private static <K> void add(Map<K, List<Integer>> index, K key, int member) {
    index.computeIfAbsent(key, k -> new ArrayList<>()).add(member);
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
      List<Integer> linked = byTrrPersonId.getOrDefault(person.trrPersonId(), List.of());
      return linked.isEmpty() ? null : new Matched(members[linked.get(0)], Match.TRR_PERSON_ID);
    }
    if (level == Match.IMDB_ID) {
      String imdb = trimToNull(person.imdbId());
      List<CastMember> found = imdb == null ? List.of() : free(byImdb.get(fold(imdb)));
      return found.isEmpty() ? null : decide(found, Match.IMDB_ID);
    }
    String name = normalize(person.fullName());
    if (name.isEmpty()) {
      return null;
    }
    List<CastMember> named = free(byName.get(name));
    List<CastMember> aliased = free(byAlias.get(name)).stream().filter(member -> !named.contains(member)).toList();
    if (named.size() + aliased.size() > 1) {
      List<CastMember> all = new ArrayList<>(named);
      all.addAll(aliased);
      return new Ambiguous(named.isEmpty() ? Match.ALIAS : Match.NAME, all.stream().map(CastMember::castId).toList());
    }
    if (named.size() == 1) {
      return new Matched(named.get(0), Match.NAME);
    }
    return aliased.size() == 1 ? new Matched(aliased.get(0), Match.ALIAS) : null;
  }

  /** The members of an index entry not linked to any TRR person (before or by this matcher), in order. */
  private List<CastMember> free(List<Integer> candidates) {
    if (candidates == null) {
      return List.of();
    }
    List<CastMember> free = new ArrayList<>(candidates.size());
    for (int i : candidates) {
      if (members[i].trrPersonId() == null) {
        free.add(members[i]);
      }
    }
    return free;
  }

  /** Records that a member now belongs to this TRR person. */
  void link(CastMember member, UUID trrPersonId) {
    Integer i = position.get(member.castId());
    if (i != null) {
      members[i] = members[i].linkedTo(trrPersonId);
      add(byTrrPersonId, trrPersonId, i);
    }
  }

  /** The key of a case-insensitive comparison (as String#equalsIgnoreCase folds each character). */
  private static String fold(String text) {
    StringBuilder folded = new StringBuilder(text.length());
    text.chars().forEach(c -> folded.append((char) Character.toLowerCase(Character.toUpperCase((char) c))));
    return folded.toString();
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
