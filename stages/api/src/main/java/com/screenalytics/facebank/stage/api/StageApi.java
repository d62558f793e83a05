package com.screenalytics.facebank.stage.api;

/**
 * The version of this API. A stage's descriptor ({@code stages/<name>.json} in its jar) states the
 * major version it was built for as {@code "api": 1}; the service refuses at start-up a stage built
 * for another major version. Within a major version the API only grows (new ports on
 * {@link StageContext}, new fields on {@link Candidate}, new reasons), so a stage built for 1 keeps
 * running on every later 1.x service.
 */
public final class StageApi {

  /** The major version this jar is; what {@code "api"} in a descriptor must equal. */
  public static final int VERSION = 1;

  /**
   * The minor version: 1.1 added the ports {@link BlobStore}, {@link Fetch} and
   * {@link ComputePool}, {@link Candidate#content()} ({@link Content}),
   * {@link FaceBankKeys#contents} and {@link PersonRun#duplicate(Candidate, String, String)};
   * 1.2 added {@link Stage#sideEffectFree()} (and the descriptor's {@code "side_effect_free"}):
   * the stages that may run in a dry run, and {@link RunInfo#dryRun()}; 1.3 added
   * {@link StageContext#modelDir()}; 1.4 added {@link FaceBankKeys#embeddings}.
   */
  public static final int MINOR = 4;

  private StageApi() {
  }
}
