package com.screenalytics.facebank.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The stage plugins the reactor built before the service's tests (the shipped ones in
 * target/plugins, the test-only ones in target/test-plugins; never on the test classpath), put
 * together into a fresh PLUGINS_DIR per test.
 */
public final class TestPlugins {

  /** Where the build leaves the shipped plugins (src/pom.xml passes it to the tests). */
  public static final Path SHIPPED = Path.of(System.getProperty("facebank.test.plugins", "target/plugins"));
  /** Where the build leaves the test-only plugins. */
  public static final Path TEST_ONLY = Path.of(System.getProperty("facebank.test.testPlugins", "target/test-plugins"));

  private TestPlugins() {
  }

  /**
   * A new PLUGINS_DIR holding the named plugins, each as built: "min-size" (shipped),
   * "failing-show", "api-two" (jars), "jackson-clash" (a folder of jars).
   */
  public static Path dir(String... plugins) {
    try {
      Path dir = Files.createTempDirectory("plugins");
      for (String plugin : plugins) {
        Path built = find(plugin);
        copy(built, dir.resolve(built.getFileName()));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built plugin: a jar or a folder, in the shipped or the test-only output. */
  public static Path find(String plugin) {
    for (Path root : new Path[] {SHIPPED, TEST_ONLY}) {
      for (Path candidate : new Path[] {root.resolve(plugin + ".jar"), root.resolve(plugin)}) {
        if (Files.exists(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("plugin " + plugin + " is not built in " + SHIPPED + " or " + TEST_ONLY
        + ": run the tests from the repository root (mvn verify), which builds the plugins first");
  }

  private static void copy(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
