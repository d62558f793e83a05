package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Shows and their cast members. */
public final class ShowRepository {

  /** What an upsert did, so the API can answer 201 or 200. */
  public record Upserted(Show show, boolean created) {
  }

  private final Pool pool;

  public ShowRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates or updates a show; trrShowId is only written when {@code linkGiven}. */
  public Future<Upserted> upsert(String showId, String title, UUID trrShowId, boolean linkGiven) {
    return pool.preparedQuery(Sql.SHOW_UPSERT).execute(Tuple.of(showId, title, trrShowId, linkGiven))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Upserted(Show.from(row), row.getBoolean("created"));
        });
  }

  public Future<Optional<Show>> find(String showId) {
    return pool.preparedQuery(Sql.SHOW_GET).execute(Tuple.of(showId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Show.from(rows.iterator().next())));
  }

  public Future<List<Show>> list() {
    return pool.query(Sql.SHOW_LIST).execute().map(rows -> mapAll(rows, Show::from));
  }

  public Future<List<CastMember>> cast(String showId) {
    return pool.preparedQuery(Sql.CAST_LIST).execute(Tuple.of(showId)).map(rows -> mapAll(rows, CastMember::from));
  }

  public Future<CastMember> addCastMember(String showId, NewCastMember member) {
    return pool.preparedQuery(Sql.CAST_INSERT)
        .execute(Tuple.of(showId, member.name(), member.fullName(), member.role(), member.status(),
            member.aliases().toArray(String[]::new), member.imdbId()))
        .map(rows -> CastMember.from(rows.iterator().next()));
  }

  private static <T> List<T> mapAll(Iterable<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>();
    rows.forEach(row -> out.add(mapper.apply(row)));
    return out;
  }
}
