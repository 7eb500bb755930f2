package org.infokernels.pairwise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * The variables of one side of a dependence matrix: each a sample of n rows and one or more
 * columns (a multivariate variable is a group of columns), each with a name. All have the same
 * number of rows.
 */
public final class Variables {
  private final List<Matrix> variables;
  private final List<String> names;

  private Variables(List<Matrix> variables, List<String> names) {
    this.variables = List.copyOf(variables);
    this.names = List.copyOf(names);
  }

  /**
   * The given samples as variables.
   *
   * @param variables the samples, at least one, all with the same number of rows
   * @param names     their names, as many as variables
   * @return the variables
   * @throws InvalidInputException if there is no variable, the counts differ or the row counts differ
   */
  public static Variables of(List<Matrix> variables, List<String> names) {
    Objects.requireNonNull(variables, "variables");
    Objects.requireNonNull(names, "names");
    if (variables.isEmpty()) {
      throw new InvalidInputException("no variables given");
    }
    if (variables.size() != names.size()) {
      throw new InvalidInputException(variables.size() + " variables but " + names.size() + " names");
    }
    int n = variables.get(0).rows();
    for (int i = 1; i < variables.size(); i++) {
      if (variables.get(i).rows() != n) {
        throw new InvalidInputException("variable " + names.get(i) + " has " + variables.get(i).rows()
            + " rows but " + names.get(0) + " has " + n);
      }
    }
    return new Variables(variables, names);
  }

  /**
   * Every column of {@code m} as a variable.
   *
   * @param m      the sample, rows × columns
   * @param names  the column names (e.g. a table's header), or null for {@code prefix0}, {@code prefix1}, …
   * @param prefix the prefix of generated names ({@code "x"}, {@code "y"})
   * @return one variable per column
   * @throws InvalidInputException if {@code names} does not have one name per column
   */
  public static Variables columns(Matrix m, List<String> names, String prefix) {
    int d = m.cols();
    List<Matrix> vs = new ArrayList<>(d);
    List<String> ns = new ArrayList<>(d);
    if (names != null && names.size() != d) {
      throw new InvalidInputException(m.name() + " has " + d + " columns but " + names.size() + " names");
    }
    for (int c = 0; c < d; c++) {
      String name = names == null ? prefix + c : names.get(c);
      vs.add(m.selectColumns(c).named(m.name() + "[" + c + "]"));
      ns.add(name);
    }
    return new Variables(vs, ns);
  }

  /**
   * Groups of columns of {@code m} as (multivariate) variables.
   *
   * @param m      the sample
   * @param groups the columns of each variable (0-based columns of m), at least one group
   * @param names  the column names of m, or null; a variable is named by its columns' names joined
   *               with {@code +}, or {@code prefix} and its index when m has no names
   * @param prefix the prefix of generated names
   * @return one variable per group
   * @throws InvalidInputException if a group is empty or names a column m does not have
   */
  public static Variables groups(Matrix m, List<int[]> groups, List<String> names, String prefix) {
    if (groups.isEmpty()) {
      throw new InvalidInputException("no groups given");
    }
    List<Matrix> vs = new ArrayList<>();
    List<String> ns = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      int[] cols = groups.get(g);
      if (cols.length == 0) {
        throw new InvalidInputException("group " + g + " has no columns");
      }
      StringBuilder label = new StringBuilder();
      StringBuilder spec = new StringBuilder();
      for (int c : cols) {
        if (c < 0 || c >= m.cols()) {
          throw new InvalidInputException("group " + g + ": column " + c + " does not exist (" + m.name() + " has "
              + m.cols() + " columns, 0-based)");
        }
        if (label.length() > 0) {
          label.append('+');
          spec.append(',');
        }
        label.append(names == null ? "" : names.get(c));
        spec.append(c);
      }
      vs.add(m.selectColumns(cols).named(m.name() + "[" + spec + "]"));
      ns.add(names == null ? prefix + g : label.toString());
    }
    return new Variables(vs, ns);
  }

  /**
   * Parses groups such as {@code "0-1;2;3-5"}: semicolon-separated column specifications, each
   * comma-separated 0-based indices and inclusive ranges.
   *
   * @param spec    the groups
   * @param columns the number of columns they select from
   * @return the columns of each group
   * @throws InvalidInputException for an empty group, a malformed index or range, or a column at or
   *         above {@code columns}; the message quotes the group
   */
  public static List<int[]> parseGroups(String spec, int columns) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidInputException("--groups: no groups given (expected e.g. 0-1;2;3-5)");
    }
    List<int[]> out = new ArrayList<>();
    String[] parts = spec.split(";", -1);
    for (int g = 0; g < parts.length; g++) {
      String part = parts[g].strip();
      if (part.isEmpty()) {
        throw new InvalidInputException("--groups: '" + spec + "' has an empty group (group " + g
            + "; expected e.g. 0-1;2;3-5)");
      }
      List<Integer> cols = new ArrayList<>();
      for (String raw : part.split(",", -1)) {
        String t = raw.strip();
        int dash = t.indexOf('-');
        int lo;
        int hi;
        if (dash >= 0) {
          lo = index(t.substring(0, dash).strip());
          hi = index(t.substring(dash + 1).strip());
          if (lo < 0 || hi < 0 || hi < lo) {
            throw new InvalidInputException("--groups: '" + t + "' in group '" + part + "' is not a valid range"
                + " (expected LO-HI with 0 <= LO <= HI)");
          }
        } else {
          lo = index(t);
          hi = lo;
          if (lo < 0) {
            throw new InvalidInputException("--groups: '" + t + "' in group '" + part
                + "' is not a column index (0-based, e.g. 0-1;2;3-5)");
          }
        }
        if (hi >= columns) {
          throw new InvalidInputException("--groups: column " + hi + " in group '" + part + "' does not exist (X has "
              + columns + (columns == 1 ? " column" : " columns") + ", 0-based)");
        }
        for (int c = lo; c <= hi; c++) {
          cols.add(c);
        }
      }
      out.add(cols.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  private static int index(String t) {
    if (t.isEmpty() || t.length() > 9) {
      return -1;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(t);
  }

  /** the number of variables */
  public int size() {
    return variables.size();
  }

  /** the number of rows of every variable */
  public int rows() {
    return variables.get(0).rows();
  }

  /** variable {@code i} (0-based) */
  public Matrix get(int i) {
    return variables.get(i);
  }

  /** the name of variable {@code i} */
  public String name(int i) {
    return names.get(i);
  }

  /** the names, in order (unmodifiable) */
  public List<String> names() {
    return Collections.unmodifiableList(names);
  }

  /** the samples, in order (unmodifiable) */
  public List<Matrix> list() {
    return variables;
  }
}
