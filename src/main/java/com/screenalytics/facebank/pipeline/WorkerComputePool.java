package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.ComputePool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The compute pool of the stage API: one Vert.x worker executor of {@code size} threads (the
 * machine's cores by default), shared by every stage of the service. Vert.x queues the tasks past
 * that, so CPU work never takes more threads than the cores nor runs on an event loop. Each stage
 * sees it through {@link #forStage}, which runs its tasks under the stage's class loader.
 */
public final class WorkerComputePool {

  private final WorkerExecutor executor;
  private final int size;

  public WorkerComputePool(Vertx vertx, int size) {
    this.size = Math.max(1, size);
    // A decode of a large photo is CPU work of seconds at most: warn only past a minute.
    this.executor = vertx.createSharedWorkerExecutor("facebank-compute", this.size, 60, TimeUnit.SECONDS);
  }

  /** The machine's cores: the default size. */
  public static int defaultSize() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The pool as one stage sees it: its tasks run with the stage's class loader as context class loader. */
  public ComputePool forStage(ClassLoader loader) {
    return new ComputePool() {
      @Override
      public <T> Future<T> compute(Callable<T> work) {
        return executor.executeBlocking(() -> {
          Thread thread = Thread.currentThread();
          ClassLoader previous = thread.getContextClassLoader();
          thread.setContextClassLoader(loader);
          try {
            return work.call();
          } finally {
            thread.setContextClassLoader(previous);
          }
        }, false);
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public String toString() {
        return "compute pool of " + size + " threads";
      }
    };
  }

  public int size() {
    return size;
  }

  public Future<Void> close() {
    return executor.close();
  }
}
