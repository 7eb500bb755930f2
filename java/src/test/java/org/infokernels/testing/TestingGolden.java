package org.infokernels.testing;

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
import org.infokernels.Golden;
import org.infokernels.core.Matrix;
import org.infokernels.io.Inputs;

/**
 * The golden cases of the testing family (test resources golden/testing/testing.json, written by
 * bench/peers/gen_golden_testing.py from the float64 oracle), one command line each.
 */
public final class TestingGolden {
  private TestingGolden() {}

  public static Path dir() {
    return Golden.dir().resolve("testing");
  }

  /** one case: id, command line (paths relative to {@link #dir()}), value, tolerance */
  public record Case(String id, List<String> cmd, double value, double rtol, Double tolerance, boolean large,
                     JsonObject raw) {
    public String command() {
      return cmd.get(0);
    }

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

    public Matrix input(String name) {
      return Inputs.load(dir().resolve(options().get("--" + name)), null, name);
    }

    /** the absolute tolerance: {@code tolerance} when given, else rtol × |value| */
    public double tol() {
      return tolerance != null ? tolerance : rtol * Math.abs(value);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  public static List<Case> cases() {
    try {
      String text = Files.readString(dir().resolve("testing.json"), StandardCharsets.UTF_8);
      JsonArray arr = JsonParser.parseString(text).getAsJsonArray();
      List<Case> out = new ArrayList<>();
      for (JsonElement e : arr) {
        JsonObject o = e.getAsJsonObject();
        List<String> cmd = new ArrayList<>();
        for (JsonElement c : o.getAsJsonArray("cmd")) {
          cmd.add(c.getAsString());
        }
        out.add(new Case(o.get("id").getAsString(), cmd, o.get("value").getAsDouble(), o.get("rtol").getAsDouble(),
            o.has("tolerance") ? o.get("tolerance").getAsDouble() : null,
            o.has("large") && o.get("large").getAsBoolean(), o));
      }
      return out;
    } catch (IOException ex) {
      throw new IllegalStateException("cannot read testing.json under " + dir(), ex);
    }
  }
}
