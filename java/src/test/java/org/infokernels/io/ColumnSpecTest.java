package org.infokernels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infokernels.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class ColumnSpecTest {
  private static String message(Runnable r) {
    return assertThrows(InvalidInputException.class, r::run).getMessage();
  }

  @Test
  void indicesAndInclusiveRangesInOrder() {
    assertArrayEquals(new int[] {0, 2, 3, 4}, ColumnSpec.parse("0,2-4", "--x-cols"));
    assertArrayEquals(new int[] {3, 1, 1}, ColumnSpec.parse("3, 1,1", "--x-cols"));
    assertArrayEquals(new int[] {5}, ColumnSpec.parse("5-5", "--x-cols"));
    assertArrayEquals(new int[] {1, 2}, ColumnSpec.parse(" 1 - 2 ", "--x-cols"));
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertTrue(message(() -> ColumnSpec.parse("3-1", "--x-cols")).startsWith("--x-cols: '3-1' is not a valid range"));
    assertTrue(message(() -> ColumnSpec.parse("a", "--y-cols")).startsWith("--y-cols: 'a' is not a column index"));
    assertTrue(message(() -> ColumnSpec.parse("-1", "--x-cols")).startsWith("--x-cols: '-1' is not a valid range"));
    assertTrue(message(() -> ColumnSpec.parse("1-2-3", "--x-cols")).startsWith("--x-cols: '1-2-3' is not a valid range"));
    assertTrue(message(() -> ColumnSpec.parse("1,,2", "--x-cols")).contains("empty entry"));
    assertTrue(message(() -> ColumnSpec.parse("", "--x-cols")).startsWith("--x-cols: no columns given"));
    assertTrue(message(() -> ColumnSpec.parse("0-99999999", "--x-cols")).contains("more than"));
  }

  @Test
  void boundsAreCheckedAgainstTheTable() {
    assertEquals("--x-cols: column 4 does not exist in data.csv (it has 4 columns, 0-based)",
        message(() -> ColumnSpec.parse("0,2-4", "--x-cols", 4, "data.csv")));
    assertArrayEquals(new int[] {0, 2, 3}, ColumnSpec.parse("0,2-3", "--x-cols", 4, "data.csv"));
  }

  @Test
  void aHugeIndexSaysTheColumnDoesNotExist() {
    // was "'0-2147483647' is not a valid range (expected LO-HI with 0 <= LO <= HI)", which it is
    org.infokernels.core.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.infokernels.core.InvalidInputException.class, () -> ColumnSpec.parse("0-2147483647", "--x-cols", 3, "f.npy"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("column 2147483647 does not exist"), e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(org.infokernels.core.InvalidInputException.class,
        () -> ColumnSpec.parse("99999999999999999999999", "--x-cols", 3, "f.npy"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
