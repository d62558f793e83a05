package com.screenalytics.facebank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.stage.api.ComputePool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compute port: CPU work on a pool of its own size, never an event loop, answered on the caller's context. */
class WorkerComputePoolTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** What one task saw of its thread. */
  record Seen(String thread, boolean eventLoop, ClassLoader contextLoader) {
  }

  @Test
  void tasksRunOnThePoolsThreadsUnderTheStagesLoaderAndAnswerOnTheCallersContext() throws Exception {
    WorkerComputePool pool = new WorkerComputePool(vertx, 2);
    ClassLoader stageLoader = new URLClassLoader(new URL[0], null);
    ComputePool port = pool.forStage(stageLoader);
    Context caller = vertx.getOrCreateContext();
    Promise<Boolean> answeredOnCaller = Promise.promise();
    Promise<Seen> seen = Promise.promise();

    caller.runOnContext(ignored -> port.compute(() -> new Seen(Thread.currentThread().getName(),
            Context.isOnEventLoopThread(), Thread.currentThread().getContextClassLoader()))
        .onComplete(done -> {
          answeredOnCaller.complete(Vertx.currentContext() == caller);
          seen.handle(done);
        }));

    Seen task = seen.future().await();
    assertThat(task.thread()).startsWith("facebank-compute");
    assertThat(task.eventLoop()).isFalse();
    assertThat(task.contextLoader()).isSameAs(stageLoader);
    assertThat(answeredOnCaller.future().await()).isTrue();
    assertThat(port.size()).isEqualTo(2);
    pool.close().await();
  }

  @Test
  void noMoreTasksRunAtOnceThanThePoolHasThreadsAndAFailureIsTheFuturesCause() {
    WorkerComputePool pool = new WorkerComputePool(vertx, 2);
    ComputePool port = pool.forStage(getClass().getClassLoader());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    byte[] data = new byte[1 << 20];

    List<Future<Integer>> tasks = IntStream.range(0, 8).mapToObj(i -> port.compute(() -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int round = 0; round < 20; round++) {
          sha.update(data);
        }
        return sha.digest().length;
      } finally {
        running.decrementAndGet();
      }
    })).toList();
    Future.all(tasks).await();
    Throwable failed = port.compute(() -> {
      throw new IllegalStateException("not an image");
    }).<Throwable>transform(done -> Future.succeededFuture(done.cause())).await();

    assertThat(most.get()).isBetween(1, 2);
    assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessage("not an image");
    pool.close().await();
  }
}
