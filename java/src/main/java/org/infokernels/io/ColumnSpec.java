package org.infokernels.io;

import java.util.Arrays;
import org.infokernels.core.InvalidInputException;

/**
 * A column selection such as {@code 0,2-4}: comma-separated 0-based indices and inclusive
 * ranges {@code lo-hi}, kept in the order written (repeats allowed), as the golden-case
 * generator's {@code _parse_cols} reads it. Spaces around the parts are ignored.
 */
public final class ColumnSpec {
  /** a guard against {@code 0-2000000000}: no table has more columns than this */
  static final int MAX_COLUMNS = 1 << 24;

  private ColumnSpec() {}

  /**
   * The indices of {@code spec}; {@code option} (e.g. {@code "--x-cols"}) prefixes messages.
   * Only the syntax is checked; {@link #parse(String, String, int, String)} also checks bounds.
   */
  public static int[] parse(String spec, String option) {
    return parse(spec, option, Integer.MAX_VALUE, null);
  }

  /**
   * The indices of {@code spec}, each below {@code columns}, the number of columns of
   * {@code source} (named in the message of an index out of range; may be null).
   */
  public static int[] parse(String spec, String option, int columns, String source) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidInputException(option + ": no columns given (expected e.g. 0,2-4)");
    }
    int[] out = new int[8];
    int n = 0;
    for (String raw : spec.split(",", -1)) {
      String part = raw.strip();
      long lo;
      long hi;
      int dash = part.indexOf('-');
      if (part.isEmpty()) {
        throw new InvalidInputException(option + ": '" + spec + "' has an empty entry (expected e.g. 0,2-4)");
      }
      if (dash >= 0) {
        String a = part.substring(0, dash).strip();
        String b = part.substring(dash + 1).strip();
        lo = index(a);
        hi = index(b);
        if (lo < 0 || hi < 0 || hi < lo) {
          throw new InvalidInputException(option + ": '" + part + "' is not a valid range"
              + (lo >= 0 && hi >= 0 ? " (it ends at " + hi + ", before its start " + lo + ")"
                  : " (expected LO-HI with 0 <= LO <= HI)"));
        }
      } else {
        lo = index(part);
        hi = lo;
        if (lo < 0) {
          throw new InvalidInputException(option + ": '" + part + "' is not a column index (0-based, e.g. 0,2-4)");
        }
      }
      if (hi >= columns) {
        throw new InvalidInputException(option + ": column " + hi + " does not exist"
            + (source == null ? "" : " in " + source) + " (it has " + columns
            + (columns == 1 ? " column" : " columns") + ", 0-based)");
      }
      if ((long) n + hi - lo + 1 > MAX_COLUMNS) {
        throw new InvalidInputException(option + ": '" + spec + "' selects more than " + MAX_COLUMNS + " columns");
      }
      if (n + hi - lo + 1 > out.length) {
        out = Arrays.copyOf(out, (int) Math.max(out.length * 2L, n + hi - lo + 1));
      }
      for (int c = (int) lo; c <= hi; c++) {
        out[n++] = c;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * a non-negative decimal index, or -1 when t is not one; indices beyond any column count (longer
   * than 18 digits) are capped, so that the message says the column does not exist
   */
  private static long index(String t) {
    if (t.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return -1;
      }
    }
    return t.length() > 18 ? Long.MAX_VALUE / 4 : Long.parseLong(t);
  }
}
