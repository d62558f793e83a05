package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.Stage;
import com.screenalytics.facebank.stage.api.StageApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of PLUGINS_DIR: each entry is a plugin, a jar or a folder of jars, holding its
 * stages' {@code META-INF/services/com.screenalytics.facebank.stage.api.Stage} and descriptors
 * ({@code stages/<name>.json}). Descriptors are read, and their API version checked, before any
 * class of the plugin is loaded; each plugin then gets a {@link PluginClassLoader} of its own.
 */
final class Plugins {

  private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

  /** A loaded plugin: where it is, its class loader, its stages and their descriptors (by name). */
  record Plugin(Path path, PluginClassLoader loader, List<Stage> stages, Map<String, StageDescriptor> descriptors) {
  }

  private Plugins() {
  }

  /** Every plugin of {@code dir} (none when it does not exist), in file-name order. */
  static List<Plugin> load(Path dir, ClassLoader service) {
    if (!Files.isDirectory(dir)) {
      LOG.info("No plugins: {} is not a directory", dir.toAbsolutePath());
      return List.of();
    }
    List<Plugin> plugins = new ArrayList<>();
    try {
      for (Path entry : list(dir)) {
        if (Files.isDirectory(entry) || entry.getFileName().toString().endsWith(".jar")) {
          plugins.add(loadOne(entry, service));
        } else {
          LOG.warn("Ignoring {} in the plugins directory: a plugin is a .jar or a folder of jars", entry);
        }
      }
    } catch (RuntimeException e) {
      close(plugins);
      throw e;
    }
    return plugins;
  }

  private static Plugin loadOne(Path path, ClassLoader service) {
    List<Path> jars = Files.isDirectory(path)
        ? list(path).stream().filter(file -> file.getFileName().toString().endsWith(".jar")).toList()
        : List.of(path);
    if (jars.isEmpty()) {
      throw new StageConfigException("plugin " + path + " holds no jar");
    }
    Map<String, StageDescriptor> descriptors = new LinkedHashMap<>();
    for (Path jar : jars) {
      descriptors.putAll(descriptorsIn(jar, path));
    }
    PluginClassLoader loader = new PluginClassLoader("plugin " + path.getFileName(), urls(jars), service);
    try {
      List<Stage> stages = new ArrayList<>();
      for (Stage stage : ServiceLoader.load(Stage.class, loader)) {
        if (!descriptors.containsKey(stage.name())) {
          throw new StageConfigException("stage '" + stage.name() + "' of plugin " + path
              + " has no descriptor: expected stages/" + stage.name() + ".json in the plugin");
        }
        stages.add(stage);
      }
      if (stages.isEmpty()) {
        throw new StageConfigException("plugin " + path + " provides no stage: it needs a "
            + "META-INF/services/" + Stage.class.getName() + " entry");
      }
      LOG.info("Plugin {}: stages {}", path, stages.stream().map(Stage::name).toList());
      return new Plugin(path, loader, List.copyOf(stages), descriptors);
    } catch (ServiceConfigurationError | LinkageError e) {
      closeQuietly(loader);
      throw new StageConfigException("plugin " + path + " cannot be loaded: " + e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(loader);
      throw e;
    }
  }

  /** The descriptors a jar carries (stages/*.json), each checked for its API version. */
  private static Map<String, StageDescriptor> descriptorsIn(Path jar, Path plugin) {
    Map<String, StageDescriptor> found = new LinkedHashMap<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!name.startsWith("stages/") || !name.endsWith(".json") || name.indexOf('/', "stages/".length()) >= 0) {
          continue;
        }
        String source = plugin + "!/" + name;
        String text;
        try (InputStream in = file.getInputStream(entry)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StageDescriptor descriptor = StageRegistry.parse(source, text);
        if (!name.equals("stages/" + descriptor.name() + ".json")) {
          throw new StageConfigException("stage descriptor " + source + " names stage '" + descriptor.name()
              + "'; the file must be named stages/" + descriptor.name() + ".json");
        }
        checkApi(descriptor, "plugin " + plugin);
        found.put(descriptor.name(), descriptor);
      }
    } catch (IOException e) {
      throw new StageConfigException("plugin " + plugin + ": cannot read " + jar + ": " + e.getMessage());
    }
    return found;
  }

  /** A stage built for another major version of the API is refused, named. */
  static void checkApi(StageDescriptor descriptor, String where) {
    if (descriptor.api() != StageApi.VERSION) {
      throw new StageConfigException("stage '" + descriptor.name() + "' (" + where + ") is built for stage API "
          + descriptor.api() + ", but this service runs stage API " + StageApi.VERSION
          + ": rebuild it against facebank-stage-api " + StageApi.VERSION + " or remove it");
    }
  }

  static void close(List<Plugin> plugins) {
    plugins.forEach(plugin -> closeQuietly(plugin.loader()));
  }

  private static void closeQuietly(PluginClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      LOG.warn("Closing {} failed: {}", loader, e.getMessage());
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new StageConfigException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  private static List<URL> urls(List<Path> jars) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new StageConfigException("plugin jar " + jar + " has no URL: " + e.getMessage());
      }
    }
    return urls;
  }
}
