package com.screenalytics.facebank.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every error a caller can act on, with the HTTP status it maps to: the one mapping from error
 * codes to statuses ({@link #httpStatusOf}), for HTTP answers and event-bus failures alike (an
 * {@link ErrorReply}'s failure code is this status, its message the code). Person-level codes map
 * to 200: they are reported inside a finished run, never as a run failure.
 */
public enum ErrorCode {
  // request validation
  INVALID_JSON("invalid_json", 400, "the request body is not a JSON object"),
  INVALID_PATH("invalid_path", 400, "the request path has an invalid %-escape"),
  INVALID_SHOW_ID("invalid_show_id", 400, "show_id must match ^[A-Z0-9_-]{1,64}$ (case-insensitive)"),
  INVALID_ID("invalid_id", 400, "the id in the path is not a UUID"),
  INVALID_FIELD("invalid_field", 422, "a field of the request has the wrong type or value"),
  INVALID_QUERY("invalid_query", 400, "a query parameter has the wrong type or value"),
  INVALID_IDEMPOTENCY_KEY("invalid_idempotency_key", 400,
      "Idempotency-Key must be 1-255 visible ASCII characters"),
  IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", 422,
      "this Idempotency-Key was used for this show within 24 hours with a different max_images_per_person"),
  // access
  ADMIN_SECRET_NOT_CONFIGURED("admin_secret_not_configured", 503,
      "SCREENALYTICS_ADMIN_SECRET is not set on the server; admin routes are disabled"),
  FORBIDDEN("forbidden", 403,
      "missing or wrong X-Screenalytics-Admin-Secret header (or, where the console may call, no console session)"),
  NOT_FOUND("not_found", 404, "no such resource"),
  // the console: operators, sessions, sign-in
  CSRF_TOKEN_INVALID("csrf_token_invalid", 403,
      "a request made with the console's session cookie needs the X-CSRF-Token header from the facebank_csrf cookie"),
  CROSS_ORIGIN("cross_origin", 403, "the request's Origin is not this console's"),
  NOT_SIGNED_IN("not_signed_in", 401, "no console session; sign in first"),
  INVALID_CREDENTIALS("invalid_credentials", 401, "wrong operator name or password"),
  SIGN_IN_LINK_INVALID("sign_in_link_invalid", 401,
      "this sign-in link is unknown, was already used, or has expired (links are valid 10 minutes, once)"),
  TOO_MANY_SIGN_INS("too_many_sign_ins", 429,
      "too many failed sign-ins from this address or for this name in the last minute; try again later"),
  OPERATOR_NOT_FOUND("operator_not_found", 404, "no operator with this name"),
  OPERATOR_NAME_REQUIRED("operator_name_required", 400,
      "name the operator: there is not exactly one operator to choose by default"),
  IMAGE_NOT_FOUND("image_not_found", 404, "this person has no face-bank row with this image_id"),
  INVALID_BLOB_KEY("invalid_blob_key", 400,
      "a blob key is segments of letters, digits, '.', '_' and '-' joined by '/' (e.g. originals/<sha256>.jpg)"),
  BLOB_NOT_FOUND("blob_not_found", 404, "no blob is stored under this key"),
  BLOB_STORE_FAILED("blob_store_failed", 502, "the blob store could not be read"),
  METHOD_NOT_ALLOWED("method_not_allowed", 405, "method not allowed on this path"),
  BODY_TOO_LARGE("body_too_large", 413, "the request body is too large"),
  REQUEST_TIMEOUT("request_timeout", 408,
      "the request body stalled for longer than HTTP_BODY_TIMEOUT_S; the connection is closed"),
  INVALID_REQUEST("invalid_request", 400, "the request could not be read (a bad chunk size, a malformed body frame)"),
  INVALID_HEADER("invalid_header", 400, "a request header that is read once was sent more than once"),
  // run-level sync outcomes
  SHOW_NOT_FOUND("show_not_found", 404, "no local show with this show_id"),
  PERSON_NOT_FOUND("person_not_found", 404, "no person with this person_id"),
  SHOW_NOT_LINKED("show_not_linked", 409, "the show has no trr_show_id; link it with POST /shows first"),
  TRR_SHOW_ALREADY_LINKED("trr_show_already_linked", 409, "another local show is already linked to this trr_show_id"),
  SYNC_ALREADY_RUNNING("sync_already_running", 409, "a sync of this show is already running"),
  TRR_DB_NOT_CONFIGURED("trr_db_not_configured", 503, "TRR_DB_URL is not set; the TRR cast cannot be read"),
  TRR_DB_UNAVAILABLE("trr_db_unavailable", 502, "the TRR database is unreachable or its query failed"),
  ALL_PEOPLE_FAILED("all_people_failed", 200, "every person of the run failed; see people[].error"),
  STAGE_FAILED("stage_failed", 500,
      "a stage failed; details name the stage and carry its own code, message and details"),
  RUN_NOT_FOUND("run_not_found", 404, "no sync run with this run_id"),
  RUN_NOT_RUNNING("run_not_running", 409, "the run has already finished"),
  TRR_PERSON_NOT_IN_CAST("trr_person_not_in_cast", 422,
      "trr_person_ids names a TRR person who is not in the show's TRR cast (Self credits); the message names them"),
  RUN_STILL_RUNNING("run_still_running", 409, "the run is still going; retry it once it has finished"),
  NOTHING_TO_RETRY("nothing_to_retry", 409, "nobody failed in this run, and nobody was left out of it: nothing to retry"),
  RUNS_NOT_COMPARABLE("runs_not_comparable", 422,
      "the two runs cannot be compared: they belong to different shows, or one recorded no cast (still running, or "
          + "failed before resolve)"),
  BATCH_NOT_FOUND("batch_not_found", 404, "no sync batch with this batch_id"),
  NO_LINKED_SHOWS("no_linked_shows", 409, "no local show is linked to a TRR show; link one with POST /shows first"),
  RUN_CANCELLED("run_cancelled", 200, "the run was cancelled on request; people not started were left out"),
  SYNC_TIMEOUT("sync_timeout", 504, "no result within SYNC_TIMEOUT_MS; the run goes on and is recorded in sync_run"),
  DATABASE_UNAVAILABLE("database_unavailable", 503,
      "the SCREENALYTICS database cannot be reached right now; try again shortly (a run that ended meanwhile keeps "
          + "its result and records it as soon as the database answers)"),
  INTERNAL("internal_error", 500, "internal error"),
  // person-level outcomes (reported in people[].error)
  AMBIGUOUS_MATCH("ambiguous_match", 200, "several local cast members match this TRR person"),
  SEED_FETCH_FAILED("seed_fetch_failed", 200,
      "the seed_only=true photos call failed (an error status, a connection failure, an unusable or too large body)"),
  FALLBACK_FETCH_FAILED("fallback_fetch_failed", 200,
      "the seed answer was empty and the seed_only=false fallback call failed (as for seed_fetch_failed)"),
  PHOTOS_TIMEOUT("photos_timeout", 200,
      "a photos call got no complete answer within PHOTOS_TIMEOUT_MS on its last attempt, or the person's "
          + "PHOTOS_PERSON_DEADLINE_MS ran out"),
  PHOTOS_RATE_LIMITED("photos_rate_limited", 200, "the photos API still answered 429 on the last attempt"),
  PHOTOS_UNAUTHORIZED("photos_unauthorized", 200,
      "the photos API refused SCREENALYTICS_SERVICE_TOKEN (401 or 403); never retried"),
  PHOTOS_API_NOT_CONFIGURED("photos_api_not_configured", 200, "TRR_API_URL is not set"),
  DB_READ_FAILED("db_read_failed", 200, "reading this person's face bank from the SCREENALYTICS database failed"),
  BLOB_WRITE_FAILED("blob_write_failed", 200,
      "keeping a photo's original in the blob store failed (mirror); no photo of the person was stored"),
  DB_WRITE_FAILED("db_write_failed", 200,
      "writing this person to the SCREENALYTICS database failed; the transaction was rolled back, nothing of the "
          + "person was written");

  private final String code;
  private final int httpStatus;
  private final String description;

  ErrorCode(String code, int httpStatus, String description) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.description = description;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String description() {
    return description;
  }

  public static Optional<ErrorCode> fromCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }

  /** The HTTP status for a code string: the one place that maps codes to statuses. Codes this enum does not know (plugin stages') are 500. */
  public static int httpStatusOf(String code) {
    return fromCode(code).map(ErrorCode::httpStatus).orElse(500);
  }
}
