package org.infokernels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
  @TempDir
  Path dir;

  private Path file(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  private static String message(Runnable r) {
    return assertThrows(InvalidInputException.class, r::run).getMessage();
  }

  @Test
  void csvWithHeaderAndBlankLines() {
    Path p = file("data.csv", "x0,x1,y\n\n1,2,3\n 4 , 5.5 ,-6e-1\n\n");
    Matrix m = TableReader.read(p, "data.csv");
    assertEquals(2, m.rows());
    assertEquals(3, m.cols());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5.5, -0.6}, m.toRowMajor(), 0.0);
  }

  @Test
  void aNumericFirstRowIsData() {
    Matrix m = TableReader.read(file("d.csv", "1,2\n3,4\n"), "d.csv");
    assertEquals(2, m.rows());
  }

  @Test
  void tsvAndWhitespaceTables() {
    Matrix t = TableReader.read(file("d.tsv", "a\tb\n1\t2\n3\t4\r\n"), "d.tsv");
    assertArrayEquals(new double[] {1, 2, 3, 4}, t.toRowMajor(), 0.0);
    Matrix w = TableReader.read(file("d.txt", "# x y\n1   2\n\t3 \t 4  \n"), "d.txt");
    assertArrayEquals(new double[] {1, 2, 3, 4}, w.toRowMajor(), 0.0);
  }

  @Test
  void numbersFollowPythonFloat() {
    for (String ok : new String[] {"1", "-2.5e-3", ".5", "5.", "+1E3", "1_000.5", "nan", "-inf", "Infinity", "NaN"}) {
      assertTrue(TableReader.isNumber(ok), ok);
    }
    for (String bad : new String[] {"", "abc", "1.2.3", "0x10", "1d", "1f", "e5", "1e", "_1", "1__0", "--1", "1,5"}) {
      assertTrue(!TableReader.isNumber(bad), bad);
    }
    assertEquals(1000.5, TableReader.toDouble("1_000.5"));
    assertEquals(Double.NEGATIVE_INFINITY, TableReader.toDouble("-inf"));
  }

  @Test
  void byteOrderMarkIsIgnored() {
    Matrix m = TableReader.read(file("bom.csv", "\uFEFF1,2\n3,4\n"), "bom.csv");
    assertEquals(2, m.rows(), "the first row is data, not a header");
  }

  @Test
  void raggedRowsNameBothLines() {
    Path p = file("data.csv", "a,b,c,d\n1,2,3,4\n5,6,7,8\n\n1,2,3,4\n\n1,2,3\n");
    assertEquals("data.csv: line 7 has 3 fields but line 2 has 4", message(() -> TableReader.read(p, "data.csv")));
  }

  @Test
  void nonNumericCellsNameLineAndField() {
    Path p = file("data.csv", "a,b\n1,2\n3,4\n\n5,abc\n");
    assertEquals("data.csv: line 5, field 2: 'abc' is not a number", message(() -> TableReader.read(p, "data.csv")));
    Path binary = file("bin.csv", "1,2\n3,\u0000\u0001" + "x".repeat(100) + "\n");
    assertEquals("bin.csv: line 2, field 2: '??xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is not a number",
        message(() -> TableReader.read(binary, "bin.csv")));
    Path empty = file("e.csv", "1,2\n3,\n");
    assertEquals("e.csv: line 2, field 2: '' is not a number", message(() -> TableReader.read(empty, "e.csv")));
  }

  @Test
  void nanAndInfinityNameRowColumnAndLine() {
    Path p = file("data.csv", "a,b\n1,2\n\n3,nan\n");
    assertEquals("data.csv: row 1, column 1 (0-based; line 4) is NaN", message(() -> TableReader.read(p, "data.csv")));
    Path q = file("q.txt", "1 2\n-inf 3\n");
    assertEquals("q.txt: row 1, column 0 (0-based; line 2) is -Infinity", message(() -> TableReader.read(q, "q.txt")));
  }

  @Test
  void emptyFilesAreReported() {
    assertEquals("e.csv is empty (0 rows)", message(() -> TableReader.read(file("e.csv", ""), "e.csv")));
    assertEquals("b.csv is empty (0 rows)", message(() -> TableReader.read(file("b.csv", "\n  \n"), "b.csv")));
    assertEquals("h.csv is empty (0 rows; only a header line)", message(() -> TableReader.read(file("h.csv", "a,b\n"), "h.csv")));
  }

  @Test
  void separatorFollowsTheExtension() {
    assertEquals(TableReader.Separator.COMMA, TableReader.Separator.ofFileName("a/b.CSV"));
    assertEquals(TableReader.Separator.TAB, TableReader.Separator.ofFileName("b.tsv"));
    assertEquals(TableReader.Separator.WHITESPACE, TableReader.Separator.ofFileName("b.txt"));
  }

  @Test
  void parseKeepsLineNumbers() {
    Table t = TableReader.parse("h1 h2\n\n1 2\n3 4\n", TableReader.Separator.WHITESPACE, "mem");
    assertArrayEquals(new int[] {3, 4}, t.lines());
    assertEquals(2, t.cols());
  }
}
