package com.screenalytics.facebank.stage.api;

import java.util.UUID;

/** One person of a run, read-only: who they are, how resolve matched them, what import-photos got. */
public interface PersonInfo {

  /** The person's id in the face bank; by rule equal to {@link #trrPersonId()}. */
  UUID personId();

  UUID trrPersonId();

  /** The TRR full name. */
  String fullName();

  /** The TRR IMDb id, or null. */
  String imdbId();

  /** The local cast member, or null when resolve could not decide. */
  UUID castId();

  /** How resolve matched: trr_person_id, imdb_id, name, alias or created; null when undecided. */
  String match();

  /** Where the photos came from: seed, fallback or none. */
  String photoSource();

  /** How many rows the photos API answered. */
  int fetched();
}
