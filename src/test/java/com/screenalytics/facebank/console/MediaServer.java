package com.screenalytics.facebank.console;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import javax.imageio.ImageIO;

/**
 * A photo host on 127.0.0.1: any GET /media/… answers a PNG (its colour from the path), like the
 * CDN behind TRR's served URLs. The console shows these as thumbnails.
 */
final class MediaServer implements AutoCloseable {

  private final HttpServer server;

  private MediaServer(HttpServer server) {
    this.server = server;
  }

  static MediaServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/media/", exchange -> {
        byte[] png = png(exchange.getRequestURI().getPath().hashCode());
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, png.length);
        exchange.getResponseBody().write(png);
        exchange.close();
      });
      server.start();
      return new MediaServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String url(String name) {
    return origin() + "/media/" + name + ".png";
  }

  private static byte[] png(int seed) {
    BufferedImage image = new BufferedImage(160, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.getHSBColor((seed & 0xff) / 255f, 0.35f, 0.9f));
    g.fillRect(0, 0, 160, 200);
    g.setColor(Color.getHSBColor((seed & 0xff) / 255f, 0.5f, 0.45f));
    g.fillOval(45, 40, 70, 85);
    g.fillRoundRect(25, 130, 110, 90, 40, 40);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
