package com.screenalytics.facebank.contract;

/** Every event-bus address the service uses or answers on. */
public final class Addresses {

  /** Request/reply: body {"show_id", "max_images_per_person"?}; reply = the sync result JSON. */
  public static final String SYNC = "facebank.sync";

  /** Published progress events of every run, each carrying run_id and show_id. */
  public static final String SYNC_EVENTS = "facebank.sync.events";

  /** Delivery header naming what triggered a sync ("http", "eventbus", ...). */
  public static final String TRIGGER_HEADER = "trigger";

  private Addresses() {
  }
}
