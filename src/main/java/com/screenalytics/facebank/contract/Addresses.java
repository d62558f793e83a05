package com.screenalytics.facebank.contract;

import java.util.UUID;

/** Every event-bus address the service uses or answers on. */
public final class Addresses {

  /** Request/reply: body {"show_id", "max_images_per_person"?}; reply = the sync result JSON. */
  public static final String SYNC = "facebank.sync";

  /** Published progress events of every run, each carrying run_id, show_id and a per-run seq. */
  public static final String SYNC_EVENTS = "facebank.sync.events";

  /**
   * Published progress events of one run only (the same events as {@link #SYNC_EVENTS}): what a
   * follower of that run subscribes to, so it hears no other run.
   */
  public static String runEvents(UUID runId) {
    return SYNC_EVENTS + "." + runId;
  }

  /** Request/reply: body {"run_id"}; reply = the run as it stands (see GET /sync_runs/{run_id}). */
  public static final String RUN_GET = "facebank.sync.run.get";

  /**
   * Request/reply: body {"run_id", "after"?}; reply {"events": [...after seq "after"], "finished",
   * "live"}. "live" says the run is going on in this process, so its next events are published on
   * {@link #SYNC_EVENTS} here; otherwise a follower asks again.
   */
  public static final String RUN_EVENTS = "facebank.sync.run.events";

  /** Request/reply: body {"run_id"}; asks a running run to stop starting people. */
  public static final String RUN_CANCEL = "facebank.sync.run.cancel";

  /** Request/reply: body {"show_id", "limit"?, "before"?}; reply {"runs": [...], "next_before"}. */
  public static final String RUN_HISTORY = "facebank.sync.run.history";

  /**
   * Request/reply: body {"run_id", "against"?}; reply = what changed in the show's TRR cast from
   * run "against" (default: the run's own previous run) to run "run_id": {"added", "removed",
   * "rematched", "counts"} (see GET /sync_runs/{run_id}/changes).
   */
  public static final String RUN_CHANGES = "facebank.sync.run.changes";

  /**
   * Request/reply: body {"run_id", "async"?}; starts a run of the same show limited to the people
   * who failed in run "run_id" (or that a cancel left out), recorded with retry_of; the reply is
   * that run's result, as {@link #SYNC} answers (headers {@link #TRIGGER_HEADER} and
   * {@link #TRIGGERED_BY_HEADER} as there).
   */
  public static final String RUN_RETRY = "facebank.sync.run.retry";

  /**
   * Clustered: {@code address} as answered by one node only (the node's name appended), where the
   * others send what concerns the runs it runs.
   */
  public static String onNode(String address, String node) {
    return address + "@" + node;
  }

  /**
   * Request/reply: body {"max_images_per_person"?, "show_ids"?: [...]}; starts a batch syncing every
   * linked show (or those named) and answers at once {"batch_id", "status_url", "events_url", ...}.
   */
  public static final String SYNC_ALL = "facebank.sync.all";

  /**
   * {@code address} answered in this process only (a local consumer), even when clustered: what
   * the HTTP API asks, so a question never takes a hop to a random node (nor, in the moment after
   * a node died, to one that is gone); the run addresses still send it on to the node running the run.
   */
  public static String here(String address) {
    return address + ".here";
  }

  /** {@link #SYNC} answered by this node's own sync verticle (a batch runs the show it took where it took it). */
  public static final String SYNC_HERE = here(SYNC);

  /** Request/reply: body {"batch_id"}; reply = the batch as it stands (see GET /sync_batches/{id}). */
  public static final String BATCH_GET = "facebank.sync.batch.get";

  /** Request/reply: body {"limit"?}; reply {"batches": [...]}, newest first. */
  public static final String BATCH_LIST = "facebank.sync.batch.list";

  /** Published: a batch has shows to hand out (every node's batch worker looks at the queue). */
  public static final String BATCH_QUEUED = "facebank.sync.batch.queued";

  /** Published progress of one batch: batch_started, show_started, show_finished, batch_finished. */
  public static String batchEvents(UUID batchId) {
    return "facebank.sync.batch.events." + batchId;
  }

  /** Delivery header naming what triggered a sync ("http", "eventbus", ...). */
  public static final String TRIGGER_HEADER = "trigger";

  /**
   * Delivery header naming who triggered a sync, recorded as the run's triggered_by: an operator's
   * name (the console), {@link #TRIGGERED_BY_API} (the admin header), "cli", or, when absent,
   * {@link #TRIGGERED_BY_BUS} (a sibling verticle).
   */
  public static final String TRIGGERED_BY_HEADER = "triggered_by";
  public static final String TRIGGERED_BY_API = "api";
  public static final String TRIGGERED_BY_CLI = "cli";
  public static final String TRIGGERED_BY_BUS = "bus";

  /**
   * Request/reply, local to the process (the bodies carry passwords): the operators' accounts,
   * answered by the worker that hashes and checks their passwords (see operators.OperatorsVerticle).
   * Bodies: save {"name", "password"}; remove {"name"}; authenticate {"name", "password"};
   * link {"name"} (a one-time sign-in token); use-link {"token"}.
   */
  public static final String OPERATOR_SAVE = "facebank.operators.save";
  public static final String OPERATOR_REMOVE = "facebank.operators.remove";
  public static final String OPERATOR_AUTHENTICATE = "facebank.operators.authenticate";
  public static final String OPERATOR_LINK = "facebank.operators.link";
  public static final String OPERATOR_USE_LINK = "facebank.operators.use-link";

  private Addresses() {
  }
}
