package com.screenalytics.facebank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.screenalytics.facebank.stage.api.Stage;
import com.screenalytics.facebank.testsupport.TestPlugins;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * What a plugin can reach: the published API artifact refers to no package of the service and
 * hands out nothing but its own types, Vert.x core's and the JDK's (so no configuration, secret,
 * repository or upstream client); and a plugin's class loader lets only the API, Vert.x core,
 * Netty and SLF4J through from the service.
 */
class StageApiBoundaryTest {

  private static final String API_PACKAGE = "com.screenalytics.facebank.stage.api";
  private static final Path API_JAR = TestPlugins.SHIPPED.getParent().resolve("facebank-stage-api.jar");

  @Test
  void theApiJarRefersToNoClassOfTheService() throws IOException {
    Set<String> references = new TreeSet<>();
    Pattern ours = Pattern.compile("com/screenalytics/[A-Za-z0-9_/$]+");
    for (byte[] classFile : classFiles(API_JAR)) {
      // Every class a class file names is in its constant pool as a UTF-8 binary name.
      Matcher names = ours.matcher(new String(classFile, StandardCharsets.ISO_8859_1));
      while (names.find()) {
        references.add(names.group());
      }
    }
    assertThat(references).as("names of ours in the API's class files").isNotEmpty()
        .allMatch(name -> name.startsWith(API_PACKAGE.replace('.', '/') + "/"), "in the API's own package");
  }

  @Test
  void theApiHandsOutOnlyItsOwnTypesVertxCoresAndTheJdks() throws Exception {
    List<String> offending = new ArrayList<>();
    try (URLClassLoader api = new URLClassLoader(new URL[] {API_JAR.toUri().toURL()}, Vertx.class.getClassLoader())) {
      for (String className : classNames(API_JAR)) {
        Class<?> type = api.loadClass(className);
        List<Type> mentioned = new ArrayList<>();
        for (Method method : type.getDeclaredMethods()) {
          if (!Modifier.isPrivate(method.getModifiers())) {
            mentioned.add(method.getGenericReturnType());
            mentioned.addAll(Arrays.asList(method.getGenericParameterTypes()));
          }
        }
        for (Executable constructor : type.getDeclaredConstructors()) {
          mentioned.addAll(Arrays.asList(constructor.getGenericParameterTypes()));
        }
        for (Field field : type.getDeclaredFields()) {
          if (!Modifier.isPrivate(field.getModifiers())) {
            mentioned.add(field.getGenericType());
          }
        }
        if (type.isRecord()) {
          for (RecordComponent component : type.getRecordComponents()) {
            mentioned.add(component.getGenericType());
          }
        }
        for (Type mention : mentioned) {
          for (Class<?> raw : rawTypes(mention)) {
            String name = raw.isArray() ? raw.getComponentType().getName() : raw.getName();
            boolean allowed = raw.isPrimitive() || name.startsWith("java.") || name.startsWith("io.vertx.core.")
                || name.startsWith(API_PACKAGE + ".");
            if (!allowed) {
              offending.add(className + " mentions " + name);
            }
          }
        }
      }
    }
    assertThat(offending).isEmpty();
  }

  @Test
  void aPluginsClassLoaderSharesTheApiVertxAndSlf4jAndNothingElseOfTheService() throws Exception {
    Path jar = TestPlugins.find("min-size");
    try (PluginClassLoader plugin = new PluginClassLoader("plugin min-size", List.of(jar.toUri().toURL()),
        PluginClassLoader.class.getClassLoader())) {
      assertThat(plugin.loadClass(Stage.class.getName())).isSameAs(Stage.class);
      assertThat(plugin.loadClass(Vertx.class.getName())).isSameAs(Vertx.class);
      assertThat(plugin.loadClass(Logger.class.getName())).isSameAs(Logger.class);
      assertThat(plugin.loadClass("java.util.List")).isSameAs(List.class);
      assertThat(plugin.loadClass("com.screenalytics.facebank.plugin.minsize.MinSizeStage").getClassLoader())
          .isSameAs(plugin);
      for (String hidden : List.of("com.screenalytics.facebank.config.AppConfig",
          "com.screenalytics.facebank.db.FaceBankRepository", "com.screenalytics.facebank.trr.PhotosClient",
          "com.screenalytics.facebank.pipeline.PersonSync", "com.fasterxml.jackson.databind.ObjectMapper",
          "io.vertx.sqlclient.Pool", "ch.qos.logback.classic.Logger")) {
        assertThatThrownBy(() -> plugin.loadClass(hidden)).as(hidden).isInstanceOf(ClassNotFoundException.class);
      }
      assertThat(plugin.getResource("conf/config.json")).isNull();
      assertThat(plugin.getResource("stages/dedupe.json")).as("the service's descriptors").isNull();
      assertThat(plugin.getResource("stages/min-size.json")).as("its own").isNotNull();
    }
  }

  private static List<Class<?>> rawTypes(Type type) {
    List<Class<?>> raw = new ArrayList<>();
    if (type instanceof Class<?> plain) {
      raw.add(plain);
    } else if (type instanceof ParameterizedType parameterized) {
      raw.addAll(rawTypes(parameterized.getRawType()));
      for (Type argument : parameterized.getActualTypeArguments()) {
        raw.addAll(rawTypes(argument));
      }
    } else if (type instanceof WildcardType wildcard) {
      for (Type bound : wildcard.getUpperBounds()) {
        raw.addAll(rawTypes(bound));
      }
    } else if (type instanceof TypeVariable<?> variable) {
      for (Type bound : variable.getBounds()) {
        raw.addAll(rawTypes(bound));
      }
    }
    return raw;
  }

  private static List<byte[]> classFiles(Path jar) throws IOException {
    List<byte[]> files = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        files.add(file.getInputStream(entry).readAllBytes());
      }
    }
    assertThat(files).as("class files in " + jar).isNotEmpty();
    return files;
  }

  private static List<String> classNames(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.')).toList();
    }
  }
}
