package org.infokernels.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Python literal syntax that .npy headers use (as numpy reads them with
 * {@code ast.literal_eval}): dicts, tuples, lists, quoted strings, integers (a Python 2
 * {@code L} suffix allowed), True, False and None. Dicts become {@link LinkedHashMap}s,
 * tuples and lists {@link List}s, integers {@link Long}s. Errors are
 * {@link IllegalArgumentException}s with the offset.
 */
final class PyLiteral {
  /** deeper nesting than this is refused (an npy header nests two levels; found by fuzzing: recursion overflowed the stack) */
  static final int MAX_DEPTH = 32;

  private final String s;
  private int pos;
  private int depth;

  PyLiteral(String s) {
    this.s = s;
  }

  /** one value followed only by whitespace */
  Object parseAll() {
    Object v = value();
    skipSpace();
    if (pos != s.length()) {
      throw error("unexpected " + describe() + " after the value");
    }
    return v;
  }

  private Object value() {
    skipSpace();
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(pos);
    if ((c == '{' || c == '(' || c == '[') && depth >= MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    switch (c) {
      case '{':
        depth++;
        try {
          return dict();
        } finally {
          depth--;
        }
      case '(':
        depth++;
        try {
          return sequence('(', ')');
        } finally {
          depth--;
        }
      case '[':
        depth++;
        try {
          return sequence('[', ']');
        } finally {
          depth--;
        }
      case '\'':
      case '"':
        return string();
      default:
        break;
    }
    if (c == '-' || c == '+' || Character.isDigit(c)) {
      return integer();
    }
    if (s.startsWith("True", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (s.startsWith("False", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    if (s.startsWith("None", pos)) {
      pos += 4;
      return null;
    }
    throw error("unexpected " + describe());
  }

  private Map<String, Object> dict() {
    pos++;
    Map<String, Object> m = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return m;
      }
      Object key = value();
      if (!(key instanceof String)) {
        throw error("a dict key is not a string");
      }
      skipSpace();
      expect(':');
      Object v = value();
      if (m.put((String) key, v) != null) {
        throw error("the key '" + key + "' appears twice");
      }
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}' but found " + describe());
      }
    }
  }

  private List<Object> sequence(char open, char close) {
    pos++;
    List<Object> l = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return l;
      }
      l.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("expected ',' or '" + close + "' but found " + describe());
      }
    }
  }

  private String string() {
    char q = s.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == q) {
        return b.toString();
      }
      if (c == '\\' && pos < s.length()) {
        char e = s.charAt(pos++);
        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        b.append(c);
      }
    }
    throw error("unterminated string");
  }

  private Long integer() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    int digits = pos;
    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      throw error("expected a number");
    }
    String t = s.substring(start, pos);
    if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
      pos++;
    }
    try {
      return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException ex) {
      throw error("integer " + t + " is out of range");
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "' but found " + describe());
    }
    pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private String describe() {
    return pos >= s.length() ? "end of header" : "'" + s.charAt(pos) + "' at offset " + pos;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what);
  }

  /** Python-like text of a parsed value, for messages */
  static String repr(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof String) {
      return "'" + o + "'";
    }
    if (o instanceof Boolean) {
      return (Boolean) o ? "True" : "False";
    }
    if (o instanceof List) {
      StringBuilder b = new StringBuilder("(");
      List<?> l = (List<?>) o;
      for (int i = 0; i < l.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
      }
      return b.append(l.size() == 1 ? ",)" : ")").toString();
    }
    if (o instanceof Map) {
      StringBuilder b = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        b.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
        first = false;
      }
      return b.append("}").toString();
    }
    return String.valueOf(o);
  }
}
