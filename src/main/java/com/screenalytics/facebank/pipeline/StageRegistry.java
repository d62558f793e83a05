package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.config.AppConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the stages (implementations through ServiceLoader, descriptors in STAGES_DIR or on the
 * classpath under {@code stages/}), applies the toggles (descriptor &lt; conf stages.&lt;name&gt; &lt;
 * STAGE_&lt;NAME&gt;_ENABLED) and checks that the enabled set can run.
 */
public final class StageRegistry {

  /** An enabled stage, ready to run. */
  public record LoadedStage(StageDescriptor descriptor, Stage stage) {
  }

  private StageRegistry() {
  }

  /** The enabled stages in run order; throws {@link StageConfigException} when they cannot run. */
  public static List<LoadedStage> load(AppConfig config, ClassLoader classLoader) {
    Map<String, Stage> implementations = new HashMap<>();
    for (Stage stage : ServiceLoader.load(Stage.class, classLoader)) {
      Stage previous = implementations.put(stage.name(), stage);
      if (previous != null) {
        throw new StageConfigException("two implementations of stage '" + stage.name() + "': "
            + previous.getClass().getName() + " and " + stage.getClass().getName());
      }
    }
    Set<String> names = new TreeSet<>(implementations.keySet());
    names.addAll(descriptorFiles(config.stagesDir()));

    Map<String, StageDescriptor> descriptors = new HashMap<>();
    for (String name : names) {
      descriptors.put(name, applyOverrides(readDescriptor(name, config.stagesDir(), classLoader), config));
    }

    for (StageDescriptor descriptor : descriptors.values()) {
      if (descriptor.enabled()) {
        checkRunnable(descriptor, implementations.get(descriptor.name()), descriptors);
      }
    }
    return descriptors.values().stream()
        .filter(StageDescriptor::enabled)
        .sorted(Comparator.comparingInt(StageDescriptor::order).thenComparing(StageDescriptor::name))
        .map(descriptor -> new LoadedStage(descriptor, implementations.get(descriptor.name())))
        .toList();
  }

  private static void checkRunnable(StageDescriptor descriptor, Stage implementation,
                                    Map<String, StageDescriptor> all) {
    String name = descriptor.name();
    if (implementation == null) {
      throw new StageConfigException("stage '" + name + "' is enabled but no implementation is on the classpath");
    }
    boolean personScope = descriptor.scope() == StageDescriptor.Scope.PERSON;
    if (personScope ? !(implementation instanceof PersonStage) : !(implementation instanceof ShowStage)) {
      throw new StageConfigException("stage '" + name + "' is declared scope " + descriptor.scope()
          + " but " + implementation.getClass().getName() + " does not implement "
          + (personScope ? "PersonStage" : "ShowStage"));
    }
    for (String required : descriptor.requires()) {
      StageDescriptor dependency = all.get(required);
      if (dependency == null) {
        throw new StageConfigException("stage '" + name + "' requires stage '" + required + "', which does not exist");
      }
      if (!dependency.enabled()) {
        throw new StageConfigException("stage '" + name + "' requires stage '" + required
            + "', which is disabled; enable '" + required + "' or disable '" + name + "'");
      }
      if (dependency.order() >= descriptor.order()) {
        throw new StageConfigException("stage '" + name + "' (order " + descriptor.order() + ") requires stage '"
            + required + "' (order " + dependency.order() + "), which must come first");
      }
    }
  }

  private static StageDescriptor applyOverrides(StageDescriptor descriptor, AppConfig config) {
    JsonObject override = config.stageOverride(descriptor.name());
    StageDescriptor result = descriptor;
    Object enabled = override.getValue("enabled");
    if (enabled instanceof Boolean value) {
      result = result.withEnabled(value);
    } else if (enabled != null) {
      throw new StageConfigException("stages." + descriptor.name() + ".enabled must be true or false, not " + enabled);
    }
    if (override.getValue("options") instanceof JsonObject options) {
      result = result.withOptions(result.options().copy().mergeIn(options, true));
    }
    return config.stageToggle(descriptor.name()).map(result::withEnabled).orElse(result);
  }

  private static StageDescriptor readDescriptor(String name, Path stagesDir, ClassLoader classLoader) {
    Path file = stagesDir.resolve(name + ".json");
    String source;
    String text;
    try {
      if (Files.isRegularFile(file)) {
        source = file.toString();
        text = Files.readString(file);
      } else {
        source = "classpath:stages/" + name + ".json";
        try (InputStream in = classLoader.getResourceAsStream("stages/" + name + ".json")) {
          if (in == null) {
            throw new StageConfigException("stage '" + name + "' has no descriptor: expected " + file
                + " or stages/" + name + ".json on the classpath");
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new StageConfigException("cannot read the descriptor of stage '" + name + "': " + e.getMessage());
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (RuntimeException e) {
      throw new StageConfigException("stage descriptor " + source + " is not a JSON object");
    }
    StageDescriptor descriptor = StageDescriptor.parse(source, json);
    if (!descriptor.name().equals(name)) {
      throw new StageConfigException("stage descriptor " + source + " names stage '" + descriptor.name()
          + "'; the file must be named " + descriptor.name() + ".json");
    }
    return descriptor;
  }

  private static Set<String> descriptorFiles(Path stagesDir) {
    if (!Files.isDirectory(stagesDir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(stagesDir)) {
      Set<String> names = new TreeSet<>();
      files.map(path -> path.getFileName().toString())
          .filter(file -> file.endsWith(".json"))
          .forEach(file -> names.add(file.substring(0, file.length() - ".json".length())));
      return names;
    } catch (IOException e) {
      throw new StageConfigException("cannot list " + stagesDir + ": " + e.getMessage());
    }
  }
}
