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
}
