package com.screenalytics.facebank.demo;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The TRR backend photos API (shared/trr/photos-api.md) as three route handlers to chain on
 * {@link #PATH}: {@link #authenticate} (401), {@link #validate} (422), {@link #fromDatabase} (the
 * rows of {@code core.v_person_images}). The demo's photos server chains the three; the tests'
 * stand-in puts recording and scripted answers around them.
 */
public final class PhotosApi {

  public static final String PATH = "/api/v1/screenalytics/people/:person_id/photos";

  /** A validated request, put on the routing context by {@link #validate}. */
  public record Query(UUID personId, boolean seedOnly, int limit, int offset) {
  }

  public static final int DEFAULT_LIMIT = 200;
  public static final int MAX_LIMIT = 500;

  private static final String QUERY_KEY = "photos.query";
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  // What pydantic (the TRR backend's validation) accepts for a bool query parameter.
  private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "t", "y");
  private static final Set<String> FALSE = Set.of("false", "0", "no", "off", "f", "n");

  private static final String PHOTOS_SQL = """
      SELECT v.served_url, v.hosted_key, v.is_primary, v.width, v.height, v.kind,
             v.media_asset_id, a.source_url, v.hosted_url, v.source, v.facebank_seed
      FROM core.v_person_images v
      JOIN core.media_assets a ON a.id = v.media_asset_id
      WHERE v.person_id = $1 AND (NOT $2 OR v.facebank_seed)
      ORDER BY v.is_primary DESC, v.position ASC
      LIMIT $3 OFFSET $4""";

  private PhotosApi() {
  }

  /** 401 with {@code WWW-Authenticate: Bearer} unless the header is {@code Bearer <token>}. */
  public static Handler<RoutingContext> authenticate(String token) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      boolean ok = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
          && MessageDigest.isEqual(header.substring(7).getBytes(StandardCharsets.UTF_8), expected);
      if (ok) {
        ctx.next();
      } else {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        send(ctx.response(), 401, new JsonObject().put("detail", "Not authenticated").encode());
      }
    };
  }

  /** 422 (FastAPI's body) for a person id that is not a UUID or a bad seed_only, limit or offset. */
  public static Handler<RoutingContext> validate() {
    return ctx -> {
      String personId = ctx.pathParam("person_id");
      if (!UUID_TEXT.matcher(personId).matches()) {
        invalid(ctx, "path", "person_id", "Input should be a valid UUID");
        return;
      }
      String seedOnlyRaw = ctx.queryParams().get("seed_only");
      Boolean seedOnly = seedOnlyRaw == null ? Boolean.FALSE : parseBool(seedOnlyRaw);
      if (seedOnly == null) {
        invalid(ctx, "query", "seed_only", "Input should be a valid boolean");
        return;
      }
      Integer limit = parseInt(ctx.queryParams().get("limit"), DEFAULT_LIMIT);
      if (limit == null || limit < 1 || limit > MAX_LIMIT) {
        invalid(ctx, "query", "limit", "Input should be an integer between 1 and " + MAX_LIMIT);
        return;
      }
      Integer offset = parseInt(ctx.queryParams().get("offset"), 0);
      if (offset == null || offset < 0) {
        invalid(ctx, "query", "offset", "Input should be an integer >= 0");
        return;
      }
      ctx.put(QUERY_KEY, new Query(UUID.fromString(personId), seedOnly, limit, offset));
      ctx.next();
    };
  }

  /** The request {@link #validate} accepted. */
  public static Query query(RoutingContext ctx) {
    return ctx.get(QUERY_KEY);
  }

  /** An answer of the API: its status and JSON body. */
  public record Answer(int status, String body) {
  }

  /** 200 with the person's rows as a bare JSON array, in the API's order. */
  public static Handler<RoutingContext> fromDatabase(Pool trr) {
    return ctx -> lookup(trr, query(ctx)).onSuccess(answer -> send(ctx.response(), answer.status(), answer.body()));
  }

  /** What {@link #fromDatabase} answers for {@code query}: the rows, or a 500 when the query failed. */
  public static Future<Answer> lookup(Pool trr, Query query) {
    return trr.preparedQuery(PHOTOS_SQL)
        .execute(Tuple.of(query.personId(), query.seedOnly(), query.limit(), query.offset()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(toJson(row)));
          return new Answer(200, out.encode());
        })
        .otherwise(e -> new Answer(500,
            new JsonObject().put("detail", "photos query failed: " + e.getMessage()).encode()));
  }

  /** Ends the response with a JSON body (none if null), unless the client has already gone. */
  public static void send(HttpServerResponse response, int status, String body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    if (body == null) {
      response.end();
    } else {
      response.putHeader("Content-Type", "application/json").end(body);
    }
  }

  private static void invalid(RoutingContext ctx, String where, String name, String message) {
    JsonObject error = new JsonObject()
        .put("loc", new JsonArray().add(where).add(name))
        .put("msg", message)
        .put("type", "value_error");
    send(ctx.response(), 422, new JsonObject().put("detail", new JsonArray().add(error)).encode());
  }

  private static JsonObject toJson(Row row) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      json.put(row.getColumnName(i), value instanceof UUID ? value.toString() : value);
    }
    return json;
  }

  private static Boolean parseBool(String raw) {
    String v = raw.trim().toLowerCase(Locale.ROOT);
    return TRUE.contains(v) ? Boolean.TRUE : FALSE.contains(v) ? Boolean.FALSE : null;
  }

  private static Integer parseInt(String raw, int defaultValue) {
    if (raw == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
