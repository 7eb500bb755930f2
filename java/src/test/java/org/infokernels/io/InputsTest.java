package org.infokernels.io;

import static org.infokernels.io.NpyFiles.bytes;
import static org.infokernels.io.NpyFiles.doubles;
import static org.infokernels.io.NpyFiles.header;
import static org.infokernels.io.NpyFiles.ints;
import static org.infokernels.io.NpyFiles.longs;
import static org.infokernels.io.NpyFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  @TempDir
  Path dir;

  private static String message(Runnable r) {
    return assertThrows(InvalidInputException.class, r::run).getMessage();
  }

  @Test
  void npyAndTablesByExtensionNamedAfterTheFile() throws IOException {
    Path npy = write(dir.resolve("x.npy"), bytes(1, header("<f8", false, "(2, 3)"), doubles(LE, 1, 2, 3, 4, 5, 6)));
    Matrix m = Inputs.load(npy, null, "x");
    assertEquals(npy.toString(), m.name());
    assertEquals(3, m.cols());
    Matrix sel = Inputs.load(npy, "2,0", "x");
    assertArrayEquals(new double[] {3, 1, 6, 4}, sel.toRowMajor(), 0.0);
    assertEquals(npy + "[2,0]", sel.name());
    Path csv = Files.writeString(dir.resolve("t.CSV"), "a,b\n1,2\n3,4\n");
    assertArrayEquals(new double[] {2, 4}, Inputs.load(csv.toString(), "1", "y").toRowMajor(), 0.0);
  }

  @Test
  void aOneDimensionalArrayIsOneSelectableColumn() {
    Path v = write(dir.resolve("v.npy"), bytes(1, header("<f8", false, "(3,)"), doubles(LE, 1, 2, 3)));
    assertEquals(1, Inputs.load(v, "0", "x").cols());
    String m = message(() -> Inputs.load(v, "1", "x"));
    assertEquals("--x-cols: column 1 does not exist in " + v + " (it has 1 column, 0-based)", m);
  }

  @Test
  void nanInAnUnselectedColumnIsIgnoredAndInASelectedOneNamed() throws IOException {
    Path csv = Files.writeString(dir.resolve("d.csv"), "1,nan,3\n4,5,6\n");
    assertEquals(2, Inputs.load(csv, "0,2", "x").cols());
    assertEquals(csv + ": row 0, column 1 (0-based; line 1) is NaN", message(() -> Inputs.load(csv, "1", "x")));
  }

  @Test
  void missingDirectoryAndUnknownFilesAreNamed() throws IOException {
    assertEquals("data/nothere.npy: no such file", message(() -> Inputs.load("data/nothere.npy", null, "x")));
    assertEquals("data/nothere.csv: no such file", message(() -> Inputs.load("data/nothere.csv", null, "x")));
    Path d = Files.createDirectory(dir.resolve("folder.npy"));
    assertEquals(d + ": is a directory, not a file", message(() -> Inputs.load(d, null, "x")));
    Path other = Files.writeString(dir.resolve("x.dat"), "1 2\n");
    assertEquals(other + ": unknown file type '.dat'; expected .npy, .csv, .tsv or .txt",
        message(() -> Inputs.load(other, null, "x")));
    assertTrue(message(() -> Inputs.load("", null, "x")).contains("empty"));
  }

  @Test
  void labelsFromIntegerFloatAndTextFiles() throws IOException {
    Path i4 = write(dir.resolve("l4.npy"), bytes(1, header("<i4", false, "(4,)"), ints(LE, 0, 1, 1, 2)));
    assertArrayEquals(new int[] {0, 1, 1, 2}, Inputs.loadLabels(i4));
    Path i8 = write(dir.resolve("l8.npy"), bytes(1, header("<i8", false, "(3, 1)"), longs(LE, 5, -1, 5)));
    assertArrayEquals(new int[] {5, -1, 5}, Inputs.loadLabels(i8));
    Path f8 = write(dir.resolve("lf.npy"), bytes(1, header("<f8", false, "(2,)"), doubles(LE, 3.0, 4.0)));
    assertArrayEquals(new int[] {3, 4}, Inputs.loadLabels(f8));
    Path txt = Files.writeString(dir.resolve("l.txt"), "label\n2\n7\n");
    assertArrayEquals(new int[] {2, 7}, Inputs.loadLabels(txt.toString()));
  }

  @Test
  void badLabelsAreNamed() throws IOException {
    Path frac = write(dir.resolve("f.npy"), bytes(1, header("<f8", false, "(2,)"), doubles(LE, 1, 2.5)));
    assertEquals(frac + ": row 1 (0-based) is 2.5, not an integer class label", message(() -> Inputs.loadLabels(frac)));
    Path wide = write(dir.resolve("w.npy"), bytes(1, header("<i4", false, "(2, 2)"), ints(LE, 1, 2, 3, 4)));
    assertEquals(wide + ": labels must be 1-D, but the array has shape (2, 2)", message(() -> Inputs.loadLabels(wide)));
    Path huge = write(dir.resolve("h.npy"), bytes(1, header("<i8", false, "(1,)"), longs(LE, 1L << 40)));
    assertTrue(message(() -> Inputs.loadLabels(huge)).contains("outside the int range"));
    Path two = Files.writeString(dir.resolve("two.csv"), "1,2\n3,4\n");
    assertEquals(two + ": labels must be one column, but it has 2", message(() -> Inputs.loadLabels(two)));
    Path empty = write(dir.resolve("e.npy"), bytes(1, header("<i4", false, "(0,)"), new byte[0]));
    assertEquals(empty + " is empty (0 rows)", message(() -> Inputs.loadLabels(empty)));
  }
}
