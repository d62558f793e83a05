package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.FaceBankKeys;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face-bank look-up port with a run's keys read up front: before the person phase the pipeline
 * loads every person's existing keys in ONE query, and each person's {@link #existing} is then
 * answered from memory (once; a person asked again, or not loaded, is read as before). A row
 * another run writes for the same person in between is not seen here, and the unique index still
 * refuses it at insert time (rule {@code unique_index}).
 */
public final class PreloadedKeys implements FaceBankKeys, Pipeline.Preload {

  private static final Logger LOG = LoggerFactory.getLogger(PreloadedKeys.class);

  private final FaceBankKeys direct;
  private final Function<Collection<UUID>, Future<Map<UUID, Existing>>> loadAll;
  private final Map<UUID, Existing> loaded = new ConcurrentHashMap<>();

  public PreloadedKeys(FaceBankKeys direct, Function<Collection<UUID>, Future<Map<UUID, Existing>>> loadAll) {
    this.direct = direct;
    this.loadAll = loadAll;
  }

  @Override
  public Future<Void> load(List<UUID> people) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    return loadAll.apply(people)
        .map(found -> {
          loaded.putAll(found);
          return (Void) null;
        })
        .otherwise(e -> {
          // Not fatal: each person is then read on its own, as before.
          LOG.warn("Reading the existing face-bank keys of {} people at once failed ({}); reading them one by one",
              people.size(), e.getMessage());
          return null;
        });
  }

  @Override
  public void release(List<UUID> people) {
    people.forEach(loaded::remove);
  }

  @Override
  public Future<Existing> existing(UUID personId) {
    Existing found = loaded.remove(personId);
    return found != null ? Future.succeededFuture(found) : direct.existing(personId);
  }

  @Override
  public Future<List<StoredContent>> contents(UUID personId) {
    return direct.contents(personId);
  }

  @Override
  public Future<List<StoredEmbedding>> embeddings(UUID personId) {
    return direct.embeddings(personId);
  }
}
