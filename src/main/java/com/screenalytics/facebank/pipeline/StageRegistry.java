package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.pipeline.Plugins.Plugin;
import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.ComputePool;
import com.screenalytics.facebank.stage.api.FaceBankKeys;
import com.screenalytics.facebank.stage.api.Fetch;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.ShowStage;
import com.screenalytics.facebank.stage.api.Stage;
import com.screenalytics.facebank.stage.api.StageContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the stages — the service's own (its descriptors in its jar under {@code stages/}) and the
 * plugins' of PLUGINS_DIR (descriptors inside each plugin) — lets a descriptor in STAGES_DIR
 * replace any of them, applies the toggles (descriptor &lt; conf stages.&lt;name&gt; &lt;
 * STAGE_&lt;NAME&gt;_ENABLED) and checks that the enabled set can run.
 */
public final class StageRegistry {

  /** An enabled stage, ready to run, with the class loader its calls run under. */
  public record LoadedStage(StageDescriptor descriptor, Stage stage, ClassLoader classLoader) {
    public String name() {
      return descriptor.name();
    }

    /** Whether the stage may run in a dry run: its descriptor or its code says it writes nothing. */
    public boolean sideEffectFree() {
      return descriptor.sideEffectFree() || stage.sideEffectFree();
    }
  }

  /**
   * What the registry reads of the configuration: where descriptors and plugins are, and each
   * stage's overrides ({@code stages.<name>}) and toggle ({@code STAGE_<NAME>_ENABLED}).
   */
  public record Settings(Path stagesDir, Path pluginsDir, Function<String, JsonObject> override,
                         Function<String, Optional<Boolean>> toggle) {
  }

  /** The enabled stages in run order, and the plugins they came from (closed with the service). */
  public static final class Loaded {
    private final List<LoadedStage> enabled;
    private final List<Plugin> plugins;

    private Loaded(List<LoadedStage> enabled, List<Plugin> plugins) {
      this.enabled = enabled;
      this.plugins = plugins;
    }

    public List<LoadedStage> enabled() {
      return enabled;
    }

    /** Calls every enabled stage's init, in run order, each with its own context. */
    public Future<Void> init(Vertx vertx, Ports ports) {
      Future<Void> chain = Future.succeededFuture();
      for (LoadedStage stage : enabled) {
        StageContext context = new Context(stage.name(), stage.descriptor().options().copy(), vertx,
            ports.faceBank(), ports.blobs(), ports.fetch(), ports.compute().forStage(stage.classLoader()),
            ports.modelDir());
        chain = chain.compose(ignored -> Pipeline.call(stage, () -> stage.stage().init(context))
            .recover(e -> Future.failedFuture(new StageConfigException("stage '" + stage.name()
                + "' failed to initialize: " + e.getMessage()))));
      }
      return chain;
    }

    /** Closes the plugins' class loaders (their jar files). */
    public void close() {
      Plugins.close(plugins);
    }
  }

  /**
   * The ports of the stage API, as the service implements them, and MODEL_DIR (API 1.3); every
   * stage gets the same.
   */
  public record Ports(FaceBankKeys faceBank, BlobStore blobs, Fetch fetch, WorkerComputePool compute, Path modelDir) {
  }

  /** The one context a stage gets: its options, Vert.x, and the ports. */
  private record Context(String stageName, JsonObject options, Vertx vertx, FaceBankKeys faceBank, BlobStore blobs,
                         Fetch fetch, ComputePool compute, Path modelDir)
      implements StageContext {
    @Override
    public JsonObject options() {
      return options.copy();
    }

    @Override
    public String toString() {
      return "context of stage " + stageName;
    }
  }

  private StageRegistry() {
  }

  /**
   * The enabled stages in run order; throws {@link StageConfigException} when they cannot run.
   * {@code builtIn} are the service's own stages, built by the wiring.
   */
  public static Loaded load(Settings settings, List<Stage> builtIn) {
    ClassLoader service = StageRegistry.class.getClassLoader();
    List<Plugin> plugins = Plugins.load(settings.pluginsDir(), service);
    try {
      return new Loaded(enabledStages(settings, builtIn, plugins, service), plugins);
    } catch (RuntimeException e) {
      Plugins.close(plugins);
      throw e;
    }
  }

  private static List<LoadedStage> enabledStages(Settings settings, List<Stage> builtIn, List<Plugin> plugins,
                                                 ClassLoader service) {
    Map<String, LoadedStage> implementations = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    for (Stage stage : builtIn) {
      add(implementations, origins, stage.name(), "the service",
          new LoadedStage(builtInDescriptor(stage.name(), service), stage, service));
    }
    for (Plugin plugin : plugins) {
      for (Stage stage : plugin.stages()) {
        add(implementations, origins, stage.name(), "plugin " + plugin.path(),
            new LoadedStage(plugin.descriptors().get(stage.name()), stage, plugin.loader()));
      }
    }
    Set<String> names = new TreeSet<>(implementations.keySet());
    names.addAll(descriptorFiles(settings.stagesDir()));

    Map<String, StageDescriptor> descriptors = new HashMap<>();
    for (String name : names) {
      LoadedStage implementation = implementations.get(name);
      StageDescriptor descriptor = fileDescriptor(name, settings.stagesDir())
          .orElseGet(() -> implementation.descriptor());
      descriptors.put(name, applyOverrides(descriptor, settings));
    }

    List<LoadedStage> enabled = new ArrayList<>();
    for (StageDescriptor descriptor : descriptors.values()) {
      LoadedStage implementation = implementations.get(descriptor.name());
      Plugins.checkApi(descriptor, implementation == null ? "descriptor in " + settings.stagesDir()
          : origins.get(descriptor.name()));
      if (descriptor.enabled()) {
        checkRunnable(descriptor, implementation == null ? null : implementation.stage(), descriptors);
        enabled.add(new LoadedStage(descriptor, implementation.stage(), implementation.classLoader()));
      }
    }
    enabled.sort(Comparator.comparingInt((LoadedStage stage) -> stage.descriptor().order())
        .thenComparing(LoadedStage::name));
    return List.copyOf(enabled);
  }

  private static void add(Map<String, LoadedStage> implementations, Map<String, String> origins, String name,
                          String origin, LoadedStage stage) {
    LoadedStage previous = implementations.put(name, stage);
    if (previous != null) {
      throw new StageConfigException("two implementations of stage '" + name + "': in " + origins.get(name)
          + " and in " + origin);
    }
    origins.put(name, origin);
  }

  private static void checkRunnable(StageDescriptor descriptor, Stage implementation,
                                    Map<String, StageDescriptor> all) {
    String name = descriptor.name();
    if (implementation == null) {
      throw new StageConfigException("stage '" + name + "' is enabled but no implementation exists: neither the "
          + "service nor a plugin in PLUGINS_DIR provides it");
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

  private static StageDescriptor applyOverrides(StageDescriptor descriptor, Settings settings) {
    JsonObject override = settings.override().apply(descriptor.name());
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
    return settings.toggle().apply(descriptor.name()).map(result::withEnabled).orElse(result);
  }

  /** A service stage's descriptor, from the service's jar. */
  private static StageDescriptor builtInDescriptor(String name, ClassLoader service) {
    String resource = "stages/" + name + ".json";
    try (InputStream in = service.getResourceAsStream(resource)) {
      if (in == null) {
        throw new StageConfigException("the service's stage '" + name + "' has no descriptor " + resource);
      }
      return named(name, parse("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new StageConfigException("cannot read the descriptor of stage '" + name + "': " + e.getMessage());
    }
  }

  /** STAGES_DIR/&lt;name&gt;.json, when there is one: it replaces the stage's own descriptor. */
  private static Optional<StageDescriptor> fileDescriptor(String name, Path stagesDir) {
    Path file = stagesDir.resolve(name + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(named(name, parse(file.toString(), Files.readString(file))));
    } catch (IOException e) {
      throw new StageConfigException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static StageDescriptor parse(String source, String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (RuntimeException e) {
      throw new StageConfigException("stage descriptor " + source + " is not a JSON object");
    }
    return StageDescriptor.parse(source, json);
  }

  private static StageDescriptor named(String name, StageDescriptor descriptor) {
    if (!descriptor.name().equals(name)) {
      throw new StageConfigException("stage descriptor of '" + name + "' names stage '" + descriptor.name()
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
