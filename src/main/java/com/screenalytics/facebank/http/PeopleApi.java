package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.FaceBankRepository;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** /people/{person_id}/facebank, and an operator's review of one of its rows. */
final class PeopleApi {

  private final FaceBankRepository faceBank;

  PeopleApi(FaceBankRepository faceBank) {
    this.faceBank = faceBank;
  }

  void faceBank(RoutingContext ctx) {
    UUID personId = uuid(ctx, "person_id");
    faceBank.faceBank(personId)
        .onSuccess(found -> found.ifPresentOrElse(
            person -> Responses.json(ctx, 200, person),
            () -> Responses.error(ctx, ErrorCode.PERSON_NOT_FOUND, "no person " + personId)))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  /** POST …/facebank/{image_id}/approve: the row, approved by whoever passed the guard. */
  void approve(RoutingContext ctx) {
    review(ctx, true);
  }

  /** POST …/facebank/{image_id}/reject: the row, marked rejected (never deleted). */
  void reject(RoutingContext ctx) {
    review(ctx, false);
  }

  private void review(RoutingContext ctx, boolean approve) {
    UUID personId = uuid(ctx, "person_id");
    UUID imageId = uuid(ctx, "image_id");
    faceBank.review(personId, imageId, approve, AdminGuard.actor(ctx))
        .onSuccess(found -> found.ifPresentOrElse(
            image -> Responses.json(ctx, 200, image),
            () -> Responses.error(ctx, ErrorCode.IMAGE_NOT_FOUND, "person " + personId + " has no image " + imageId)))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  private static UUID uuid(RoutingContext ctx, String param) {
    try {
      return UUID.fromString(ctx.pathParam(param));
    } catch (IllegalArgumentException e) {
      throw new FacebankException(ErrorCode.INVALID_ID, param + " must be a UUID");
    }
  }
}
