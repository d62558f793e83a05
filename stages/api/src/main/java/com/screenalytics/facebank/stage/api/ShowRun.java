package com.screenalytics.facebank.stage.api;

import java.util.List;

/** What a show stage sees of a run: the run, and the people resolved so far (none before resolve). */
public interface ShowRun {

  RunInfo run();

  /** Read-only views of the people resolve decided, in TRR billing order; a copy. */
  List<PersonInfo> people();
}
