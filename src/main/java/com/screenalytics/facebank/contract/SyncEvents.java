package com.screenalytics.facebank.contract;

/** The {@code type} values of the progress events published on {@link Addresses#SYNC_EVENTS}. */
public final class SyncEvents {
  public static final String RUN_STARTED = "run_started";
  public static final String STAGE_STARTED = "stage_started";
  public static final String STAGE_FINISHED = "stage_finished";
  public static final String PERSON_FINISHED = "person_finished";
  public static final String RUN_FINISHED = "run_finished";
  /** A cancel request reached the run (from this process or another): no new person starts. */
  public static final String CANCEL_REQUESTED = "cancel_requested";

  private SyncEvents() {
  }
}
