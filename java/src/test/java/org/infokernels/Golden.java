package org.infokernels;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.infokernels.core.Matrix;
import org.infokernels.io.Inputs;

/** The golden cases of the float64 oracle (test resources golden/golden.json), one command line each. */
public final class Golden {
  private Golden() {}

  public static Path dir() {
    String res = System.getProperty("infokernels.testResources", "src/test/resources");
    return Path.of(res, "golden");
  }

  /** one golden case: its id, the command line, the oracle value and its tolerance */
  public record Case(String id, List<String> cmd, double value, Double rtol, Double tolerance, boolean stochastic,
                     JsonObject raw) {
    public String command() {
      return cmd.get(0);
    }

    /** options as name → value; flags (no value) map to "" */
    public Map<String, String> options() {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 1; i < cmd.size(); i++) {
        String key = cmd.get(i);
        if (i + 1 < cmd.size() && !cmd.get(i + 1).startsWith("--")) {
          m.put(key, cmd.get(++i));
        } else {
          m.put(key, "");
        }
      }
      return m;
    }

    /** the matrix of --NAME (with --NAME-cols), path relative to the golden folder */
    public Matrix input(String name) {
      Map<String, String> o = options();
      String path = o.get("--" + name);
      if (path == null) {
        return null;
      }
      return Inputs.load(dir().resolve(path), o.get("--" + name + "-cols"), name);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  public static List<Case> cases() {
    try {
      String text = Files.readString(dir().resolve("golden.json"), StandardCharsets.UTF_8);
      JsonArray arr = JsonParser.parseString(text).getAsJsonArray();
      List<Case> out = new ArrayList<>();
      for (JsonElement e : arr) {
        JsonObject o = e.getAsJsonObject();
        List<String> cmd = new ArrayList<>();
        for (JsonElement c : o.getAsJsonArray("cmd")) {
          cmd.add(c.getAsString());
        }
        out.add(new Case(o.get("id").getAsString(), cmd, o.get("value").getAsDouble(),
            o.has("rtol") && !o.get("rtol").isJsonNull() ? o.get("rtol").getAsDouble() : null,
            o.has("tolerance") && !o.get("tolerance").isJsonNull() ? o.get("tolerance").getAsDouble() : null,
            o.has("stochastic") && o.get("stochastic").getAsBoolean(), o));
      }
      return out;
    } catch (IOException ex) {
      throw new IllegalStateException("cannot read golden.json under " + dir(), ex);
    }
  }

  public static List<Case> casesFor(String... commands) {
    List<String> wanted = List.of(commands);
    List<Case> out = new ArrayList<>();
    for (Case c : cases()) {
      if (wanted.contains(c.command())) {
        out.add(c);
      }
    }
    return out;
  }
}
