package com.screenalytics.facebank.stage.api;

import java.util.UUID;

/** A sync run, read-only. */
public interface RunInfo {

  UUID runId();

  /** The local show's id (an upper-case slug). */
  String showId();

  /** The TRR show the local show is linked to. */
  UUID trrShowId();

  /** How many photos a person may get from this run (1–20). */
  int maxImagesPerPerson();

  /**
   * Whether this is a dry run (API 1.2): only side-effect-free stages run, and nothing is written.
   * A stage built before 1.2 never runs in one, so the default is never seen by it.
   */
  default boolean dryRun() {
    return false;
  }
}
