package org.infokernels.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type, constructor, method and field of the API has a javadoc comment (the
 * correctness review: what it computes, its unit, what it throws), so that IDE users and the
 * {@code -javadoc.jar} see it.
 *
 * <p>The API is every package under {@code org/infokernels} except {@code internal} and its
 * subpackages and the subpackages of {@code cli} ({@code cli} itself, with {@code Main}, is API):
 * a package added later is checked without changing this test. Read off the sources with a small
 * tokenizer: a member is API when it is public or protected (or implicitly public: a member of an
 * interface, an enum constant) and every type around it is API. The javadoc comment must come
 * before the declaration; annotations may stand between the two. A method annotated
 * {@code @Override} inherits its documentation, as in the javadoc tool, and needs none of its own.
 * (The javadoc tool's own check, {@code -Xdoclint:missing}, finds the same members, but it also
 * asks for every {@code @param} and {@code @return}, which the house style does not.)
 */
class ApiJavadocTest {

  /** the API packages, relative to org/infokernels ("" for org.infokernels itself) */
  static boolean isApi(String pkg) {
    return !(pkg.equals("internal") || pkg.startsWith("internal/") || pkg.startsWith("cli/"));
  }

  @Test
  void everyPublicMemberOfTheApiHasJavadoc() throws IOException {
    Path root = LayeringTest.sources();
    List<String> missing = new ArrayList<>();
    TreeSet<String> packages = new TreeSet<>();
    int[] declarations = {0};
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
        String pkg = root.relativize(f.getParent()).toString().replace('\\', '/');
        if (!isApi(pkg) || f.getFileName().toString().equals("package-info.java")) {
          continue;
        }
        packages.add(pkg);
        String rel = root.relativize(f).toString();
        new Scanner(rel, Files.readString(f), missing, declarations).compilationUnit();
      }
    }
    assertTrue(packages.contains("core") && packages.contains("cli"), "API sources not found under " + root);
    assertTrue(declarations[0] > 100, "only " + declarations[0] + " public declarations found under " + root
        + ": the scanner is broken");
    assertTrue(missing.isEmpty(), missing.size() + " public declarations of the API (packages " + packages
        + ") have no javadoc comment:\n  " + String.join("\n  ", missing));
  }

  /** the scanner on a few shapes that are easy to get wrong */
  @Test
  void scannerFindsUndocumentedMembersAndSkipsPrivateOnes() {
    String src = """
        package org.infokernels.x;
        /** documented */
        @Deprecated
        public final class A {
          /** documented */ public static final int K = 1;
          public static final String S = "{ not a brace ; }", T = "x";
          private static final char C = '{';
          public enum E { /** documented */ ONE, TWO(2) { void f() {} }; E() {} E(int i) {} public int g() { return 0; } }
          /** documented */
          @SuppressWarnings({"unchecked", "rawtypes"})
          public <T extends Comparable<T>> T max(java.util.List<T> xs) throws IllegalStateException { return null; }
          @Override public String toString() { return "}"; }
          public A(int[] a) { Runnable r = () -> { }; int[] b = {1, 2}; }
          private static final class Hidden { public void notApi() {} }
          /** documented */
          public record R(int k) { public R { if (k < 0) { throw new IllegalArgumentException(); } } public R() { this(0); } }
          /** documented */
          public interface I { int size(); /** documented */ default int twice() { return 2 * size(); } private int p() { return 0; } }
          static { int x = 1; }
          // public void commented() {}
          /* public void blockCommented() {} */
          String text = \"""
              public void inTextBlock() { }
              \""";
        }
        class Package { public void notApi() {} }
        """;
    List<String> missing = new ArrayList<>();
    new Scanner("A.java", src, missing, new int[1]).compilationUnit();
    List<String> found = new ArrayList<>();
    for (String m : missing) {
      found.add(m.substring(m.indexOf(' ') + 1));
    }
    List<String> expected = List.of("field A.S", "field A.T", "enum A.E", "field A.E.TWO", "method A.E.g",
        "constructor A.A", "constructor A.R.R", "constructor A.R.R", "method A.I.size");
    assertTrue(found.stream().sorted().toList().equals(expected.stream().sorted().toList()), "found " + missing);
  }

  /** Tokens of a Java source and a recursive walk over its type bodies. */
  static final class Scanner {
    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");
    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static", "final",
        "abstract", "default", "synchronized", "native", "transient", "volatile", "strictfp", "sealed",
        "non-sealed");
    private static final String JAVADOC = "/**";

    private final String file;
    private final List<String> missing;
    private final int[] declarations;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private int pos;

    Scanner(String file, String source, List<String> missing, int[] declarations) {
      this.file = file;
      this.missing = missing;
      this.declarations = declarations;
      tokenize(source);
    }

    /**
     * Identifiers (with '-' of non-sealed), single-character symbols and JAVADOC markers; other
     * comments, string, text-block and character literals are dropped (a literal becomes "\"").
     */
    private void tokenize(String s) {
      int line = 1;
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        int start = i;
        int startLine = line;
        if (c == '\n') {
          line++;
          i++;
          continue;
        }
        if (Character.isWhitespace(c)) {
          i++;
          continue;
        }
        if (s.startsWith("//", i)) {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
          continue;
        }
        if (s.startsWith("/*", i)) {
          int end = s.indexOf("*/", i + 2);
          end = end < 0 ? s.length() : end + 2;
          boolean doc = s.startsWith("/**", i) && !s.startsWith("/**/", i);
          line += count(s, start, end);
          i = end;
          if (doc) {
            add(JAVADOC, startLine);
          }
          continue;
        }
        if (s.startsWith("\"\"\"", i)) {
          int j = i + 3;
          while (j < s.length() && !s.startsWith("\"\"\"", j)) {
            j += s.charAt(j) == '\\' ? 2 : 1;
          }
          i = Math.min(s.length(), j + 3);
          line += count(s, start, i);
          add("\"", startLine);
          continue;
        }
        if (c == '"' || c == '\'') {
          int j = i + 1;
          while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
            j += s.charAt(j) == '\\' ? 2 : 1;
          }
          i = j + 1;
          add("\"", startLine);
          continue;
        }
        if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
          int j = i + 1;
          while (j < s.length() && (Character.isJavaIdentifierPart(s.charAt(j)) || s.charAt(j) == '.'
              && Character.isDigit(c))) {
            j++;
          }
          String word = s.substring(i, j);
          if (word.equals("non") && s.startsWith("-sealed", j)) {
            word = "non-sealed";
            j += 7;
          }
          add(word, startLine);
          i = j;
          continue;
        }
        add(String.valueOf(c), startLine);
        i++;
      }
    }

    private static int count(String s, int from, int to) {
      int n = 0;
      for (int k = from; k < to; k++) {
        n += s.charAt(k) == '\n' ? 1 : 0;
      }
      return n;
    }

    private void add(String token, int line) {
      tokens.add(token);
      lines.add(line);
    }

    private String peek() {
      return pos < tokens.size() ? tokens.get(pos) : "";
    }

    private boolean atEnd() {
      return pos >= tokens.size();
    }

    /** top level: package, imports, then type declarations */
    void compilationUnit() {
      boolean doc = false;
      while (!atEnd()) {
        String t = peek();
        if (t.equals(JAVADOC)) {
          doc = true;
          pos++;
        } else if (t.equals(";")) {
          pos++;
        } else if (t.equals("package") || t.equals("import")) {
          skipPast(";");
          doc = false;
        } else {
          member("", true, "class", "", doc);
          doc = false;
        }
      }
    }

    /**
     * The body of a type after its '{', up to and including its '}'. {@code api}: the type is API,
     * so its public members are.
     */
    private void typeBody(String typeName, boolean api, String kind) {
      boolean doc = false;
      if (kind.equals("enum")) {
        doc = enumConstants(typeName, api);
      }
      while (!atEnd()) {
        String t = peek();
        if (t.equals("}")) {
          pos++;
          return;
        }
        if (t.equals(JAVADOC)) {
          doc = true;
          pos++;
        } else if (t.equals(";")) {
          pos++;
          doc = false;
        } else {
          member(typeName, api, kind, typeName.substring(typeName.lastIndexOf('.') + 1), doc);
          doc = false;
        }
      }
    }

    /** the constants of an enum, up to the ';' that ends them (returns whether a javadoc follows it) */
    private boolean enumConstants(String typeName, boolean api) {
      boolean doc = false;
      while (!atEnd()) {
        String t = peek();
        if (t.equals(JAVADOC)) {
          doc = true;
          pos++;
        } else if (t.equals("@")) {
          annotation();
        } else if (t.equals(",")) {
          pos++;
          doc = false;
        } else if (t.equals(";")) {
          pos++;
          return false;
        } else if (t.equals("}")) {
          return false;
        } else {
          int line = lines.get(pos);
          String name = tokens.get(pos++);
          if (peek().equals("(")) {
            skipBalanced("(", ")");
          }
          if (peek().equals("{")) {
            skipBalanced("{", "}");
          }
          report(api, doc, "field", typeName + "." + name, line);
          doc = false;
        }
      }
      return doc;
    }

    /** one member declaration of a type body (or a top-level type) */
    private void member(String outer, boolean outerApi, String outerKind, String outerSimpleName, boolean doc) {
      int line = lines.get(pos);
      boolean isPublic = false;
      boolean isPrivate = false;
      boolean override = false;
      List<String> header = new ArrayList<>();
      while (!atEnd()) {
        String t = peek();
        if (t.equals("@") && !(pos + 1 < tokens.size() && tokens.get(pos + 1).equals("interface"))) {
          override |= annotation().equals("Override");
          continue;
        }
        if (t.equals(JAVADOC)) {  // a comment after the annotations or modifiers is no doc comment
          pos++;
          continue;
        }
        if (t.equals("public") || t.equals("protected")) {
          isPublic = true;
        }
        isPrivate |= t.equals("private");
        if (MODIFIERS.contains(t)) {
          pos++;
          continue;
        }
        break;
      }
      boolean interfaceMember = outerKind.equals("interface") || outerKind.equals("@interface");
      boolean api = outerApi && (isPublic || interfaceMember && !isPrivate);
      String prefix = outer.isEmpty() ? "" : outer + ".";
      // a nested type
      String first = peek();
      if (first.equals("@") || TYPE_KEYWORDS.contains(first) && !(first.equals("record") && isRecordMethod())) {
        String kind = first.equals("@") ? "@interface" : first;
        pos += first.equals("@") ? 2 : 1;
        String name = tokens.get(pos++);
        declarations[0] += api ? 1 : 0;
        report(api, doc, kind.equals("@interface") ? "annotation" : kind, prefix + name, line);
        while (!atEnd() && !peek().equals("{")) {
          if (peek().equals("(")) {
            skipBalanced("(", ")");
          } else {
            pos++;
          }
        }
        pos++;
        typeBody(prefix + name, api, kind);
        return;
      }
      // a method, constructor, field or initializer: read up to '{', ';' or '=' outside parentheses
      while (!atEnd()) {
        String t = peek();
        if (t.equals("(")) {
          header.add("(");
          skipBalanced("(", ")");
          continue;
        }
        if (t.equals("@")) {
          annotation();
          continue;
        }
        if (t.equals("{") || t.equals(";") || t.equals("=")) {
          break;
        }
        header.add(t);
        pos++;
      }
      String end = peek();
      int paren = header.indexOf("(");
      if (paren > 0) {
        String name = header.get(paren - 1);
        boolean constructor = name.equals(outerSimpleName) && paren == 1 + typeParameterLength(header);
        if (end.equals("{")) {
          skipBalanced("{", "}");
        } else {
          skipPast(";");
        }
        if (!override) {
          declarations[0] += api ? 1 : 0;
          report(api, doc, constructor ? "constructor" : "method", prefix + name, line);
        }
        return;
      }
      if (end.equals("{")) {
        // a compact constructor of a record, or an initializer block
        if (outerKind.equals("record") && header.size() == 1 && header.get(0).equals(outerSimpleName)) {
          declarations[0] += api ? 1 : 0;
          report(api, doc, "constructor", prefix + outerSimpleName, line);
        }
        skipBalanced("{", "}");
        return;
      }
      // fields: one or more declarators, each name followed by '=', ',' or ';'
      List<String> names = new ArrayList<>();
      if (!header.isEmpty()) {
        names.add(header.get(header.size() - 1));
      }
      while (!atEnd() && !peek().equals(";")) {
        String t = peek();
        if (t.equals("(")) {
          skipBalanced("(", ")");
        } else if (t.equals("{")) {
          skipBalanced("{", "}");
        } else if (t.equals("[")) {
          skipBalanced("[", "]");
        } else if (t.equals(",")) {
          pos++;
          if (!atEnd() && Character.isJavaIdentifierStart(peek().charAt(0)) && pos + 1 < tokens.size()
              && Set.of("=", ",", ";").contains(tokens.get(pos + 1))) {
            names.add(peek());
          }
        } else {
          pos++;
        }
      }
      pos++;
      for (String n : names) {
        declarations[0] += api ? 1 : 0;
        report(api, doc, "field", prefix + n, line);
      }
    }

    /** "record" as the name of a method, {@code record(...)}, rather than a record declaration */
    private boolean isRecordMethod() {
      return pos + 1 < tokens.size() && tokens.get(pos + 1).equals("(");
    }

    /** tokens of a leading type-parameter list {@code <...>} of a generic constructor */
    private static int typeParameterLength(List<String> header) {
      if (header.isEmpty() || !header.get(0).equals("<")) {
        return 0;
      }
      int depth = 0;
      for (int i = 0; i < header.size(); i++) {
        depth += header.get(i).equals("<") ? 1 : header.get(i).equals(">") ? -1 : 0;
        if (depth == 0) {
          return i + 1;
        }
      }
      return 0;
    }

    /** skips an annotation {@code @Name.Name(...)}; returns its simple name */
    private String annotation() {
      pos++;
      String name = tokens.get(pos++);
      while (peek().equals(".")) {
        pos++;
        name = tokens.get(pos++);
      }
      if (peek().equals("(")) {
        skipBalanced("(", ")");
      }
      return name;
    }

    private void skipBalanced(String open, String close) {
      int depth = 0;
      while (!atEnd()) {
        String t = tokens.get(pos++);
        if (t.equals(open)) {
          depth++;
        } else if (t.equals(close) && --depth == 0) {
          return;
        }
      }
    }

    private void skipPast(String token) {
      while (!atEnd() && !tokens.get(pos++).equals(token)) {
        // skip
      }
    }

    private void report(boolean api, boolean doc, String kind, String name, int line) {
      if (api && !doc) {
        missing.add(file + ":" + line + " " + kind + " " + name);
      }
    }
  }
}
