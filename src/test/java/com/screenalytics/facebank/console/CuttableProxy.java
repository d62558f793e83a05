package com.screenalytics.facebank.console;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of the service, whose open connections a test can cut at
 * once: what a flaky network does to a browser's event stream. Cookies do not depend on the port,
 * so a browser signed in through the proxy is signed in to the service too.
 */
final class CuttableProxy implements AutoCloseable {

  private final NetClient client;
  private final List<NetSocket> open = new CopyOnWriteArrayList<>();
  private NetServer server;

  private CuttableProxy(Vertx vertx) {
    this.client = vertx.createNetClient();
  }

  static CuttableProxy start(Vertx vertx, int targetPort) {
    CuttableProxy proxy = new CuttableProxy(vertx);
    proxy.server = vertx.createNetServer().connectHandler(inbound -> proxy.forward(inbound, targetPort))
        .listen(0, "127.0.0.1").await();
    return proxy;
  }

  private void forward(NetSocket inbound, int targetPort) {
    inbound.pause();
    client.connect(targetPort, "127.0.0.1").onSuccess(outbound -> {
      open.add(inbound);
      open.add(outbound);
      inbound.handler(outbound::write).closeHandler(ignored -> {
        open.remove(inbound);
        outbound.close();
      });
      outbound.handler(inbound::write).closeHandler(ignored -> {
        open.remove(outbound);
        inbound.close();
      });
      inbound.resume();
    }).onFailure(e -> inbound.close());
  }

  String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Closes every connection open through the proxy; new ones go through as before. */
  void cutAll() {
    open.forEach(NetSocket::close);
  }

  @Override
  public void close() {
    server.close().await();
    client.close().await();
  }
}
