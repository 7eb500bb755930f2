package org.infokernels.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * Reader of text tables, interpreted as the golden-case generator's {@code load_table} does:
 * <ul>
 *   <li>{@code .csv}: fields separated by commas; {@code .tsv}: by tabs; {@code .txt} (and
 *       {@link Separator#WHITESPACE}): by runs of any whitespace. Fields are trimmed.</li>
 *   <li>Blank lines are skipped. If the first non-blank line is not all numbers it is a header
 *       and skipped.</li>
 *   <li>A number is what Python's {@code float()} accepts: {@code 1}, {@code -2.5e-3},
 *       {@code .5}, {@code 1_000}, {@code nan}, {@code inf}, {@code -Infinity} (any case).
 *       NaN and ±∞ are read here and refused when the columns become a {@link Matrix}.</li>
 *   <li>Every row must have as many fields as the first data row.</li>
 * </ul>
 * Messages name the file and the 1-based line; fields are counted from 1 as in editors.
 * A leading UTF-8 byte-order mark is ignored.
 */
public final class TableReader {
  /** what separates the fields of a line */
  public enum Separator {
    /** {@code ,} (.csv) */
    COMMA,
    /** a tab (.tsv) */
    TAB,
    /** runs of any whitespace (.txt and other extensions) */
    WHITESPACE;

    /** the separator of a file name's extension: .csv comma, .tsv tab, anything else whitespace */
    public static Separator ofFileName(String fileName) {
      String f = fileName.toLowerCase(Locale.ROOT);
      return f.endsWith(".csv") ? COMMA : f.endsWith(".tsv") ? TAB : WHITESPACE;
    }
  }

  // Python float() syntax (PEP 515 underscores between digits), without the surrounding spaces
  private static final String DIGITS = "[0-9](?:_?[0-9])*";
  private static final Pattern NUMBER = Pattern.compile(
      "[+-]?(?:(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?"
          + "|(?i:nan|inf|infinity))");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private TableReader() {}

  /** The table of {@code file} (separator from the extension) as an n × d matrix named {@code name}. */
  public static Matrix read(Path file, String name) {
    return readTable(file, name).toMatrix(null, null);
  }

  /** The table of {@code file}, separator from the extension, values not yet checked for NaN/∞. */
  public static Table readTable(Path file, String name) {
    return parse(new String(Inputs.readBytes(file, name), StandardCharsets.UTF_8), Separator.ofFileName(name), name);
  }

  /** Parses the text of a table; {@code name} prefixes every message. */
  public static Table parse(String text, Separator sep, String name) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    double[] values = new double[64];
    int[] rowLines = new int[16];
    int rows = 0;
    int cols = -1;
    int firstDataLine = -1;
    boolean first = true;
    boolean header = false;
    int lineNo = 0;
    int at = 0;
    int length = text.length();
    while (at < length) {
      // lines end at \n, \r\n or \r
      int end = at;
      while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.substring(at, end).strip();
      at = end < length && text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n' ? end + 2 : end + 1;
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = split(line, sep);
      if (first) {
        first = false;
        if (!allNumbers(fields)) {
          header = true;
          continue;
        }
      }
      if (cols < 0) {
        cols = fields.length;
        firstDataLine = lineNo;
      } else if (fields.length != cols) {
        throw new InvalidInputException(name + ": line " + lineNo + " has " + fields.length + " field"
            + (fields.length == 1 ? "" : "s") + " but line " + firstDataLine + " has " + cols);
      }
      if ((long) (rows + 1) * cols > Integer.MAX_VALUE - 8L) {
        throw new InvalidInputException(name + ": too many values (more than " + (Integer.MAX_VALUE - 8L) + ")");
      }
      if ((rows + 1) * cols > values.length) {
        values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8L,
            Math.max((long) values.length * 2, (long) (rows + 1) * cols)));
      }
      if (rows == rowLines.length) {
        rowLines = Arrays.copyOf(rowLines, rows * 2);
      }
      for (int f = 0; f < cols; f++) {
        String t = fields[f];
        double v = parsePlain(t);
        if (Double.isNaN(v)) {
          if (!isNumber(t)) {
            throw new InvalidInputException(name + ": line " + lineNo + ", field " + (f + 1) + ": '" + show(t)
                + "' is not a number");
          }
          v = toDouble(t);
        }
        values[rows * cols + f] = v;
      }
      rowLines[rows] = lineNo;
      rows++;
    }
    if (rows == 0) {
      throw new InvalidInputException(name + " is empty (0 rows" + (header ? "; only a header line" : "") + ")");
    }
    return new Table(name, rows, cols, Arrays.copyOf(values, rows * cols),
        Arrays.copyOf(rowLines, rows));
  }

  /**
   * The header of a text table: the fields of its first non-blank line when that line is not all
   * numbers (the line {@link #parse} skips), else null. Only the start of the text is read.
   */
  public static String[] header(String text, Separator sep) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int at = 0;
    int length = text.length();
    while (at < length) {
      int end = at;
      while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.substring(at, end).strip();
      at = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = split(line, sep);
      return allNumbers(fields) ? null : fields;
    }
    return null;
  }

  /** a field as quoted in a message: at most 40 characters, control characters as '?' */
  static String show(String t) {
    String s = t.length() > 40 ? t.substring(0, 37) + "..." : t;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    return b.toString();
  }

  private static String[] split(String line, Separator sep) {
    switch (sep) {
      case COMMA:
        return trimAll(line.split(",", -1));
      case TAB:
        return trimAll(line.split("\t", -1));
      default:
        return WHITESPACE.split(line);
    }
  }

  private static String[] trimAll(String[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i].strip();
    }
    return a;
  }

  private static boolean allNumbers(String[] fields) {
    for (String f : fields) {
      if (Double.isNaN(parsePlain(f)) && !isNumber(f)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fast path for the common spelling of numbers: a token made only of digits, signs, '.'
   * and 'e'/'E' is a Python float exactly when Java parses it (Java's extra spellings, such as
   * hex, "1d" or "Infinity", need other characters). NaN means "not decided here": the caller
   * falls back to {@link #isNumber} and {@link #toDouble}.
   */
  static double parsePlain(String t) {
    int n = t.length();
    if (n == 0) {
      return Double.NaN;
    }
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return Double.NaN;
      }
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }

  /** what Python's float() accepts (after stripping) */
  static boolean isNumber(String t) {
    return NUMBER.matcher(t).matches();
  }

  static double toDouble(String t) {
    String u = t.toLowerCase(Locale.ROOT);
    String body = u.startsWith("+") || u.startsWith("-") ? u.substring(1) : u;
    boolean negative = u.startsWith("-");
    if (body.equals("nan")) {
      return Double.NaN;
    }
    if (body.equals("inf") || body.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(t.replace("_", ""));
  }
}
