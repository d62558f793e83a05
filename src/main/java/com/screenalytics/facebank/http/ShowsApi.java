package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.ShowIds;
import com.screenalytics.facebank.db.CastMember;
import com.screenalytics.facebank.db.NewCastMember;
import com.screenalytics.facebank.db.Show;
import com.screenalytics.facebank.db.ShowRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

/** /shows and /shows/{show_id}/cast. */
final class ShowsApi {

  private static final String UNIQUE_VIOLATION = "23505";

  private final ShowRepository shows;

  ShowsApi(ShowRepository shows) {
    this.shows = shows;
  }

  void list(RoutingContext ctx) {
    shows.list()
        .onSuccess(all -> Responses.json(ctx, 200, new JsonArray(all.stream().map(Show::toJson).toList())))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  void get(RoutingContext ctx) {
    existingShow(ShowIds.normalize(ctx.pathParam("show_id")))
        .onSuccess(show -> Responses.json(ctx, 200, show.toJson()))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  /** Creates (201) or updates (200) a show. An absent trr_show_id keeps the stored link; null clears it. */
  void upsert(RoutingContext ctx) {
    JsonObject body = Responses.bodyObject(ctx, false);
    String showId = ShowIds.normalize(body.getValue("show_id"));
    String title = Fields.requiredText(body, "title");
    boolean linkGiven = body.containsKey("trr_show_id");
    shows.upsert(showId, title, Fields.uuid(body, "trr_show_id"), linkGiven)
        .recover(e -> Future.failedFuture(isUniqueViolation(e)
            ? new FacebankException(ErrorCode.TRR_SHOW_ALREADY_LINKED, ErrorCode.TRR_SHOW_ALREADY_LINKED.description())
            : e))
        .onSuccess(result -> Responses.json(ctx, result.created() ? 201 : 200, result.show().toJson()))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  void listCast(RoutingContext ctx) {
    existingShow(ShowIds.normalize(ctx.pathParam("show_id")))
        .compose(show -> shows.cast(show.showId()))
        .onSuccess(cast -> Responses.json(ctx, 200, new JsonArray(cast.stream().map(CastMember::toJson).toList())))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  void addCast(RoutingContext ctx) {
    String showId = ShowIds.normalize(ctx.pathParam("show_id"));
    JsonObject body = Responses.bodyObject(ctx, false);
    NewCastMember member = new NewCastMember(
        Fields.requiredText(body, "name"),
        Fields.optionalText(body, "full_name"),
        Fields.textList(body, "aliases"),
        Fields.optionalText(body, "imdb_id"),
        Fields.oneOf(body, "role", CastMember.ROLES, "other"),
        Fields.oneOf(body, "status", CastMember.STATUSES, "active"));
    existingShow(showId)
        .compose(show -> shows.addCastMember(show.showId(), member))
        .onSuccess(created -> Responses.json(ctx, 201, created.toJson()))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  private Future<Show> existingShow(String showId) {
    return shows.find(showId).map(found -> found.orElseThrow(() ->
        new FacebankException(ErrorCode.SHOW_NOT_FOUND, "no local show " + showId)));
  }

  private static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }
}
