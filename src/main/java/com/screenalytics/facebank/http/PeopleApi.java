package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.FaceBankRepository;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** /people/{person_id}/facebank. */
final class PeopleApi {

  private final FaceBankRepository faceBank;

  PeopleApi(FaceBankRepository faceBank) {
    this.faceBank = faceBank;
  }

  void faceBank(RoutingContext ctx) {
    UUID personId;
    try {
      personId = UUID.fromString(ctx.pathParam("person_id"));
    } catch (IllegalArgumentException e) {
      throw new FacebankException(ErrorCode.INVALID_ID, "person_id must be a UUID");
    }
    faceBank.faceBank(personId)
        .onSuccess(found -> found.ifPresentOrElse(
            person -> Responses.json(ctx, 200, person),
            () -> Responses.error(ctx, ErrorCode.PERSON_NOT_FOUND, "no person " + personId)))
        .onFailure(e -> Responses.failure(ctx, e));
  }
}
