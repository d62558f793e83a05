package com.screenalytics.facebank.pipeline;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * One plugin's class loader, after Trino's PluginClassLoader: its parent is the JDK's platform
 * loader, so a plugin sees the JDK, its own jars, and — from the service, through an allowlist —
 * only the stage API, Vert.x core (with Netty, which its API exposes) and the SLF4J API (plugins
 * log through the service's logging). Everything else it uses comes from its own jars, so a
 * plugin's Jackson (say) never meets the service's, and no class of the service is reachable.
 */
final class PluginClassLoader extends URLClassLoader {

  /** Package prefixes the service's loader answers; the rest is the JDK's or the plugin's own. */
  static final List<String> SHARED_PACKAGES = List.of(
      "com.screenalytics.facebank.stage.api.",
      "io.vertx.core.",
      "io.netty.",
      "org.slf4j.");

  private final ClassLoader service;

  PluginClassLoader(String name, List<URL> jars, ClassLoader service) {
    super(name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    this.service = service;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      if (shared(name)) {
        return service.loadClass(name);
      }
      // Parent (JDK) first, then the plugin's jars: a plugin cannot replace a JDK class.
      return super.loadClass(name, resolve);
    }
  }

  @Override
  public URL getResource(String name) {
    return sharedResource(name) ? service.getResource(name) : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return sharedResource(name) ? service.getResources(name) : super.getResources(name);
  }

  static boolean shared(String className) {
    return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
  }

  /** A resource inside a shared package (a class file, a bundled file of Vert.x): the service's. */
  private static boolean sharedResource(String name) {
    String asClassName = name.replace('/', '.');
    return asClassName.lastIndexOf('.') > 0 && shared(asClassName);
  }

  @Override
  public String toString() {
    return getName();
  }
}
