package org.infokernels.io;

import static org.infokernels.io.NpyFiles.bytes;
import static org.infokernels.io.NpyFiles.doubles;
import static org.infokernels.io.NpyFiles.floats;
import static org.infokernels.io.NpyFiles.header;
import static org.infokernels.io.NpyFiles.ints;
import static org.infokernels.io.NpyFiles.longs;
import static org.infokernels.io.NpyFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

  @TempDir
  Path dir;

  private Path npy(String name, int major, String header, byte[] data) {
    return write(dir.resolve(name), bytes(major, header, data));
  }

  private static String message(Runnable r) {
    return assertThrows(InvalidInputException.class, r::run).getMessage();
  }

  private static void assertMatrix(Matrix m, int rows, int cols, double... rowMajor) {
    assertEquals(rows, m.rows(), "rows of " + m);
    assertEquals(cols, m.cols(), "cols of " + m);
    assertArrayEquals(rowMajor, m.toRowMajor(), 0.0, m.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void float64InEveryFormatVersion(int major) {
    Path f = npy("x.npy", major, header("<f8", false, "(3, 2)"), doubles(LE, 1, 2, 3, 4, 5, 6.5));
    Matrix m = NpyReader.read(f, "x.npy");
    assertMatrix(m, 3, 2, 1, 2, 3, 4, 5, 6.5);
    assertEquals("x.npy", m.name());
  }

  @Test
  void float32IsWidenedExactly() {
    Path f = npy("f.npy", 1, header("<f4", false, "(2, 2)"), floats(LE, 0.1f, -2.5f, 3f, 1e-3f));
    NpyReader.NpyArray a = NpyReader.readArray(f, "f.npy");
    assertTrue(a.isFloat32());
    assertFalse(a.isInteger());
    assertMatrix(NpyReader.read(f, "f.npy"), 2, 2, (double) 0.1f, -2.5, 3, (double) 1e-3f);
  }

  @Test
  void integersBecomeDoublesAndKeepExactValues() {
    Path i4 = npy("i4.npy", 1, header("<i4", false, "(3,)"), ints(LE, -7, 0, 2147483647));
    assertMatrix(NpyReader.read(i4, "i4.npy"), 3, 1, -7, 0, 2147483647);
    long big = (1L << 53) + 1;
    Path i8 = npy("i8.npy", 1, header("<i8", false, "(2,)"), longs(LE, big, -3));
    NpyReader.NpyArray a = NpyReader.readArray(i8, "i8.npy");
    assertTrue(a.isInteger());
    assertArrayEquals(new long[] {big, -3}, a.toLongs());
  }

  @Test
  void bigEndianAndNativeByteOrders() {
    Path be = npy("be.npy", 1, header(">f8", false, "(2, 1)"), doubles(BE, 1.25, -8));
    assertMatrix(NpyReader.read(be, "be.npy"), 2, 1, 1.25, -8);
    Path bi = npy("bi.npy", 1, header(">i4", false, "(2,)"), ints(BE, 5, -6));
    assertMatrix(NpyReader.read(bi, "bi.npy"), 2, 1, 5, -6);
    Path bl = npy("bl.npy", 1, header(">i8", false, "(1,)"), longs(BE, 1L << 40));
    assertMatrix(NpyReader.read(bl, "bl.npy"), 1, 1, 0x1p40);
    Path nat = npy("nat.npy", 1, header("=f8", false, "(1,)"), doubles(ByteOrder.nativeOrder(), 42));
    assertMatrix(NpyReader.read(nat, "nat.npy"), 1, 1, 42);
    Path bf = npy("bf.npy", 1, header(">f4", false, "(1,)"), floats(BE, 0.5f));
    assertMatrix(NpyReader.read(bf, "bf.npy"), 1, 1, 0.5);
    Path u1 = npy("u1.npy", 1, header("|u1", false, "(2,)"), new byte[] {(byte) 200, 3});
    assertMatrix(NpyReader.read(u1, "u1.npy"), 2, 1, 200, 3);
  }

  @Test
  void fortranOrderIsReadAsTheSameMatrix() {
    // the 3 x 2 matrix [[1, 2], [3, 4], [5, 6]] stored column by column
    Path f = npy("f.npy", 1, header("<f8", true, "(3, 2)"), doubles(LE, 1, 3, 5, 2, 4, 6));
    assertMatrix(NpyReader.read(f, "f.npy"), 3, 2, 1, 2, 3, 4, 5, 6);
    Path c = npy("c.npy", 1, header("<f8", false, "(3, 2)"), doubles(LE, 1, 2, 3, 4, 5, 6));
    assertEquals(NpyReader.read(c, "c.npy"), NpyReader.read(f, "f.npy"));
    // a 1-D array is the same in both orders
    Path f1 = npy("f1.npy", 1, header("<f8", true, "(3,)"), doubles(LE, 7, 8, 9));
    assertMatrix(NpyReader.read(f1, "f1.npy"), 3, 1, 7, 8, 9);
  }

  @Test
  void shapesZeroOneAndTwoDimensional() {
    Path s = npy("s.npy", 1, header("<f8", false, "()"), doubles(LE, 3.5));
    assertMatrix(NpyReader.read(s, "s.npy"), 1, 1, 3.5);
    Path v = npy("v.npy", 1, header("<f8", false, "(4,)"), doubles(LE, 1, 2, 3, 4));
    assertMatrix(NpyReader.read(v, "v.npy"), 4, 1, 1, 2, 3, 4);
    Path py2 = npy("py2.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 1L), }", doubles(LE, 1, 2));
    assertMatrix(NpyReader.read(py2, "py2.npy"), 2, 1, 1, 2);
    Path keysInAnyOrder = npy("k.npy", 1, "{'shape': (1, 2), 'fortran_order': False, \"descr\": '<f8'}", doubles(LE, 1, 2));
    assertMatrix(NpyReader.read(keysInAnyOrder, "k.npy"), 1, 2, 1, 2);
  }

  @Test
  void threeDimensionalIsRejectedByReadAndSplitByReadBatch() {
    double[] v = new double[24];
    Arrays.setAll(v, i -> i);
    Path f = npy("x.npy", 1, header("<f8", false, "(2, 3, 4)"), doubles(LE, v));
    assertEquals("x.npy: 3-D array (2, 3, 4) is not valid here; expected 1-D or 2-D", message(() -> NpyReader.read(f, "x.npy")));
    List<Matrix> batch = NpyReader.readBatch(f, "x.npy");
    assertEquals(2, batch.size());
    assertMatrix(batch.get(1), 3, 4, Arrays.copyOfRange(v, 12, 24));
    assertEquals("x.npy[1]", batch.get(1).name());
    Path m2 = npy("m.npy", 1, header("<f8", false, "(2, 2)"), doubles(LE, 1, 2, 3, 4));
    assertTrue(message(() -> NpyReader.readBatch(m2, "m.npy")).startsWith("m.npy: 2-D array (2, 2) is not valid here"));
  }

  @Test
  void fortranOrderThreeDimensionalBatch() {
    // element (b, i, j) = 100 b + 10 i + j, shape (2, 2, 3), stored with the first index fastest
    double[] f = new double[12];
    int p = 0;
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < 2; i++) {
        for (int b = 0; b < 2; b++) {
          f[p++] = 100 * b + 10 * i + j;
        }
      }
    }
    Path file = npy("b.npy", 1, header("<f8", true, "(2, 2, 3)"), doubles(LE, f));
    List<Matrix> batch = NpyReader.readBatch(file, "b.npy");
    assertMatrix(batch.get(0), 2, 3, 0, 1, 2, 10, 11, 12);
    assertMatrix(batch.get(1), 2, 3, 100, 101, 102, 110, 111, 112);
  }

  @Test
  void fourDimensionalIsRejected() {
    Path f = npy("q.npy", 1, header("<f8", false, "(1, 1, 1, 2)"), doubles(LE, 1, 2));
    assertEquals("q.npy: 4-D array (1, 1, 1, 2) is not valid here; expected 1-D or 2-D", message(() -> NpyReader.read(f, "q.npy")));
  }

  @Test
  void zeroRowsIsEmpty() {
    Path f = npy("x.npy", 1, header("<f8", false, "(0, 3)"), new byte[0]);
    assertEquals("x.npy is empty (0 rows)", message(() -> NpyReader.read(f, "x.npy")));
    Path v = npy("v.npy", 1, header("<f8", false, "(0,)"), new byte[0]);
    assertEquals("v.npy is empty (0 rows)", message(() -> NpyReader.read(v, "v.npy")));
    Path c = npy("c.npy", 1, header("<f8", false, "(3, 0)"), new byte[0]);
    assertTrue(message(() -> NpyReader.read(c, "c.npy")).startsWith("c.npy has no columns"));
  }

  @Test
  void badMagicIsNotAnNpyFile() {
    Path f = write(dir.resolve("x.npy"), "a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII));
    String m = message(() -> NpyReader.read(f, "x.npy"));
    assertTrue(m.startsWith("x.npy: not a .npy file"), m);
    Path empty = write(dir.resolve("e.npy"), new byte[0]);
    assertTrue(message(() -> NpyReader.read(empty, "e.npy")).startsWith("e.npy: not a .npy file"));
  }

  @Test
  void truncatedDataAndHeaderAreReported() {
    byte[] full = bytes(1, header("<f8", false, "(3, 2)"), doubles(LE, 1, 2, 3, 4, 5, 6));
    Path cut = write(dir.resolve("cut.npy"), Arrays.copyOf(full, full.length - 8));
    String m = message(() -> NpyReader.read(cut, "cut.npy"));
    assertTrue(m.startsWith("cut.npy: truncated .npy file: shape (3, 2) of <f8 needs 48 bytes of data but only 40"), m);
    Path headerCut = write(dir.resolve("h.npy"), Arrays.copyOf(full, 30));
    m = message(() -> NpyReader.read(headerCut, "h.npy"));
    assertTrue(m.startsWith("h.npy: corrupt .npy file: the header claims"), m);
    Path preamble = write(dir.resolve("p.npy"), Arrays.copyOf(full, 8));
    assertTrue(message(() -> NpyReader.read(preamble, "p.npy")).startsWith("p.npy: corrupt .npy file"));
    byte[] longer = Arrays.copyOf(full, full.length + 8);
    Path extra = write(dir.resolve("extra.npy"), longer);
    assertTrue(message(() -> NpyReader.read(extra, "extra.npy")).contains("8 unexpected bytes after"));
  }

  @Test
  void corruptHeadersAreReported() {
    Path garbage = npy("g.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2}", doubles(LE, 1, 2, 3, 4, 5, 6));
    String m = message(() -> NpyReader.read(garbage, "g.npy"));
    assertTrue(m.startsWith("g.npy: corrupt .npy header ("), m);
    Path noShape = npy("n.npy", 1, "{'descr': '<f8', 'fortran_order': False}", doubles(LE, 1));
    assertEquals("n.npy: corrupt .npy header: no 'shape' entry", message(() -> NpyReader.read(noShape, "n.npy")));
    Path negative = npy("neg.npy", 1, header("<f8", false, "(-1, 2)"), new byte[0]);
    assertTrue(message(() -> NpyReader.read(negative, "neg.npy")).startsWith("neg.npy: corrupt .npy header: shape (-1, 2)"));
    Path fortran = npy("fo.npy", 1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", doubles(LE, 1));
    assertTrue(message(() -> NpyReader.read(fortran, "fo.npy")).contains("fortran_order is 0"));
    byte[] v4 = bytes(1, header("<f8", false, "(1,)"), doubles(LE, 1));
    v4[6] = 4;
    Path version = write(dir.resolve("v4.npy"), v4);
    assertEquals("v4.npy: unsupported .npy format version 4.0 (expected 1.0, 2.0 or 3.0)",
        message(() -> NpyReader.read(version, "v4.npy")));
  }

  @Test
  void unsupportedDtypesAreNamed() {
    for (String descr : new String[] {"<c16", "|f8", "<U5", "|O", "<f2", "|b1", "<M8[ns]"}) {
      Path f = npy("d.npy", 1, header(descr, false, "(1,)"), new byte[16]);
      String m = message(() -> NpyReader.read(f, "d.npy"));
      assertTrue(m.startsWith("d.npy: unsupported dtype '" + descr + "'"), m);
    }
    Path structured = npy("s.npy", 1, "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }",
        new byte[12]);
    String m = message(() -> NpyReader.read(structured, "s.npy"));
    assertTrue(m.startsWith("s.npy: unsupported dtype") && m.contains("structured"), m);
  }

  @Test
  void nanAndInfinityNameTheFileRowAndColumn() {
    Path f = npy("x.npy", 1, header("<f8", false, "(2, 2)"), doubles(LE, 1, 2, 3, Double.NaN));
    assertEquals("x.npy: row 1, column 1 (0-based) is NaN", message(() -> NpyReader.read(f, "x.npy")));
    Path g = npy("y.npy", 1, header("<f4", false, "(2,)"), floats(LE, Float.NEGATIVE_INFINITY, 1));
    assertEquals("y.npy: row 0, column 0 (0-based) is -Infinity", message(() -> NpyReader.read(g, "y.npy")));
  }

  @Test
  void unicodeHeaderOfVersion3() {
    Path f = npy("u.npy", 3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'note': 'Größe'}", doubles(LE, 2));
    assertMatrix(NpyReader.read(f, "u.npy"), 1, 1, 2);
  }

  @Test
  void aDeeplyNestedHeaderIsAnErrorNotAStackOverflow() {
    // fuzzing finding (Jazzer, pythonLiteral): 5000 nested lists overflowed the parser's stack
    String deep = "[".repeat(5000) + "]".repeat(5000);
    byte[] file = bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': " + deep + ", }", new byte[0]);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpyReader.parse(file, "deep.npy"));
    assertTrue(e.getMessage().contains("nested deeper than"), e.getMessage());
  }

  @Test
  void aDeviceOrPipeIsRefusedWithoutReadingItAll() {
    // /dev/zero as .npy was read for 28 s up to 5.5 GB before failing: the magic bytes are checked first
    Path zero = Path.of("/dev/zero");
    if (java.nio.file.Files.isReadable(zero)) {
      long t0 = System.nanoTime();
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpyReader.readArray(zero, "zero.npy"));
      assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
      assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "read too long");
    }
  }
}
