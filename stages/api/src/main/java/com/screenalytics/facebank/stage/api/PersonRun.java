package com.screenalytics.facebank.stage.api;

import java.util.List;

/**
 * What a person stage gets: the run, the person, and the candidates — the photos still headed for
 * the face bank. A stage may annotate a candidate (see {@link Candidate}), drop it with a reason,
 * or mark it as a duplicate with a rule; each drop and duplicate is reported in the person's
 * result ({@code dropped}, {@code duplicates}). Reasons and rules are lower-case words of letters,
 * digits and '_' ({@code too_small}, {@code near_duplicate}): each stage brings its own.
 */
public interface PersonRun {

  RunInfo run();

  PersonInfo person();

  /** The candidates in order, as this stage sees them; a copy, so dropping while iterating is safe. */
  List<Candidate> candidates();

  /**
   * Leaves a candidate out of the face bank, reported in the person's {@code dropped} as
   * {@code {"s3_original_key", "stage", "reason", "detail"}}.
   *
   * @param detail a short explanation for the operator, or null; never a secret
   */
  void drop(Candidate candidate, String reason, String detail);

  /**
   * Leaves a candidate out as a duplicate, reported in the person's {@code duplicates} as
   * {@code {"s3_original_key", "rule"}} and counted in {@code skipped_duplicates}.
   */
  void duplicate(Candidate candidate, String rule);

  /**
   * As {@link #duplicate(Candidate, String)}, with a short detail for the operator (API 1.1):
   * what it duplicates, e.g. the s3_original_key of the row or earlier candidate, and how close.
   * Reported as {@code "detail"} beside the rule; never a secret.
   */
  void duplicate(Candidate candidate, String rule, String detail);
}
