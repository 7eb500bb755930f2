package org.infokernels.cli.common;

import java.lang.reflect.Array;
import java.util.Map;

/**
 * A tiny JSON writer for the one-line results: strings are escaped (control and non-ASCII
 * characters as \\uXXXX, so the line is plain ASCII whatever the console encoding), doubles
 * are printed with full round-trip precision ({@link Double#toString}), and NaN or ±∞, which
 * JSON cannot represent, become {@code null}.
 */
public final class Json {
  private Json() {}

  /** appends {@code v}: null, String, Boolean, Number, Enum, Map, Iterable or array */
  public static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof CharSequence) {
      string(b, v.toString());
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      b.append(!Double.isFinite(d) ? "null" : v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
    } else if (v instanceof Number) {
      b.append(v);
    } else if (v instanceof Enum) {
      string(b, ((Enum<?>) v).name().toLowerCase(java.util.Locale.ROOT));
    } else if (v instanceof Map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        value(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof Iterable) {
      b.append('[');
      boolean first = true;
      for (Object o : (Iterable<?>) v) {
        if (!first) {
          b.append(',');
        }
        first = false;
        value(b, o);
      }
      b.append(']');
    } else if (v.getClass().isArray()) {
      b.append('[');
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        if (i > 0) {
          b.append(',');
        }
        value(b, Array.get(v, i));
      }
      b.append(']');
    } else {
      string(b, v.toString());
    }
  }

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        case '\b': b.append("\\b"); break;
        case '\f': b.append("\\f"); break;
        default:
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  /** A JSON object written field by field, in order. */
  public static final class ObjectWriter {
    private final StringBuilder b = new StringBuilder("{");
    private boolean first = true;

    public ObjectWriter field(String name, Object v) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, name);
      b.append(':');
      value(b, v);
      return this;
    }

    @Override
    public String toString() {
      return b + "}";
    }
  }
}
