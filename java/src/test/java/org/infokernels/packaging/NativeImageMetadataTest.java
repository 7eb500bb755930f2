package org.infokernels.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.infokernels.bindings.global.infokernels;
import org.junit.jupiter.api.Test;

/**
 * GraalVM native-image reachability metadata of the built bindings jar (or its classes folder
 * when run before packaging): every JNI-bound class of our preset must be registered for JNI,
 * and every native library we ship must be matched by a resource pattern so that the image
 * embeds it. Also picocli's generated reflection configuration must list every command.
 */
class NativeImageMetadataTest {

  /** entry name → contents of the bindings artifact (jar or classes folder) */
  static Map<String, byte[]> bindingsArtifact() throws IOException, URISyntaxException {
    Path where = Path.of(infokernels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> s = Files.walk(where)) {
        for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
          entries.put(where.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    } else {
      try (ZipFile z = new ZipFile(where.toFile())) {
        Enumeration<? extends ZipEntry> e = z.entries();
        while (e.hasMoreElements()) {
          ZipEntry entry = e.nextElement();
          if (!entry.isDirectory()) {
            try (InputStream in = z.getInputStream(entry)) {
              entries.put(entry.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    return entries;
  }

  static List<String> resourcePatterns(JsonElement config) {
    List<String> out = new ArrayList<>();
    JsonObject o = config.getAsJsonObject();
    JsonElement res = o.get("resources");
    JsonArray includes = res.isJsonObject() ? res.getAsJsonObject().getAsJsonArray("includes") : res.getAsJsonArray();
    for (JsonElement e : includes) {
      out.add(e.getAsJsonObject().get("pattern").getAsString());
    }
    return out;
  }

  @Test
  void everyJniClassAndNativeLibraryIsListed() throws Exception {
    Map<String, byte[]> jar = bindingsArtifact();
    String base = "META-INF/native-image/linux-x86_64/jniinfokernels/";
    assertTrue(jar.containsKey(base + "jni-config.json"), "missing " + base + "jni-config.json in " + jar.keySet());
    String jni = new String(jar.get(base + "jni-config.json"), StandardCharsets.UTF_8);
    JsonArray jniClasses = JsonParser.parseString(jni).getAsJsonArray();
    List<String> registered = new ArrayList<>();
    for (JsonElement e : jniClasses) {
      registered.add(e.getAsJsonObject().get("name").getAsString());
    }
    assertTrue(registered.contains(infokernels.class.getName()), "JNI config lacks " + infokernels.class.getName());
    assertTrue(registered.contains("org.bytedeco.javacpp.Loader"), "JNI config lacks JavaCPP's Loader");
    String reflect = new String(jar.get(base + "reflect-config.json"), StandardCharsets.UTF_8);
    assertTrue(reflect.contains(infokernels.class.getName()), "reflect config lacks the global class");

    List<String> patterns = resourcePatterns(JsonParser.parseString(
        new String(jar.get(base + "resource-config.json"), StandardCharsets.UTF_8)));
    List<String> libraries = new ArrayList<>();
    for (String name : jar.keySet()) {
      if (name.startsWith("org/infokernels/bindings/linux-x86_64/") && name.contains(".so")) {
        libraries.add(name);
      }
    }
    assertTrue(libraries.contains("org/infokernels/bindings/linux-x86_64/libinfokernels.so"), "libinfokernels.so not shipped: " + libraries);
    assertTrue(libraries.contains("org/infokernels/bindings/linux-x86_64/libjniinfokernels.so"), "JNI library not shipped: " + libraries);
    for (String lib : libraries) {
      boolean matched = patterns.stream().anyMatch(p -> Pattern.compile(p).matcher(lib).matches());
      assertTrue(matched, lib + " is not matched by any resource pattern " + patterns);
    }
  }

  @Test
  void picocliReflectionConfigurationListsEveryCommand() throws IOException {
    ClassLoader cl = NativeImageMetadataTest.class.getClassLoader();
    String path = "META-INF/native-image/picocli-generated/org.infokernels/infokernels/reflect-config.json";
    try (InputStream in = cl.getResourceAsStream(path)) {
      assertTrue(in != null, "picocli-codegen did not generate " + path);
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> names = new ArrayList<>();
      for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
        names.add(e.getAsJsonObject().get("name").getAsString());
      }
      assertFalse(names.isEmpty());
      for (String command : org.infokernels.cli.Main.commandClassNames()) {
        assertTrue(names.contains(command), "picocli reflect-config lacks " + command);
      }
    }
  }
}
