package org.infokernels.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.infokernels.core.InvalidInputException;
import org.infokernels.core.Matrix;

/**
 * Reader of NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0 [1].
 *
 * <p>Layout: the magic {@code \x93NUMPY}, two version bytes, the header length (little-endian
 * uint16 in 1.0, uint32 in 2.0 and 3.0), a header that is a Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), }} (latin-1, or UTF-8 in
 * 3.0), then the raw values. Element types: float64, float32, and the integers int8 to int64
 * and uint8 to uint32, in either byte order ({@code <}, {@code >}, {@code =} native, {@code |}
 * for one-byte types only). Both C and Fortran order are read; values are always returned in
 * C (row-major) order. Structured and object dtypes are refused.
 *
 * <p>{@link #read} gives an n × d {@link Matrix} from a 0-D (1 × 1), 1-D (n × 1) or 2-D array;
 * {@link #readBatch} splits a 3-D array (b, n, d) into b matrices. Every problem is an
 * {@link InvalidInputException} whose message starts with the file name.
 *
 * <p>[1] NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays", and
 * {@code numpy/lib/format.py}.
 */
public final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** arrays are bounded by Java's array length (the JVM reserves a few header words) */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8L;

  private NpyReader() {}

  /**
   * A decoded array of any dimension: its shape, element type and values in C order. Integer
   * arrays keep exact {@code long} values; float arrays keep {@code double} values (float32
   * widened exactly).
   */
  public static final class NpyArray {
    private final String source;
    private final int[] shape;
    private final String dtype;
    private final double[] floats;
    private final long[] integers;

    NpyArray(String source, int[] shape, String dtype, double[] floats, long[] integers) {
      this.source = source;
      this.shape = shape;
      this.dtype = dtype;
      this.floats = floats;
      this.integers = integers;
    }

    /** the file name used in messages */
    public String source() {
      return source;
    }

    /** the shape as in the header, e.g. [n, d]; [] for a 0-D array; a copy */
    public int[] shape() {
      return shape.clone();
    }

    /** the number of dimensions, 0 to any */
    public int ndim() {
      return shape.length;
    }

    /** number of elements, the product of the shape */
    public int size() {
      return floats != null ? floats.length : integers.length;
    }

    /** the dtype as written in the header, e.g. {@code <f8} */
    public String dtype() {
      return dtype;
    }

    /** true for the integer dtypes (values kept exactly as {@code long}, see {@link #toLongs()}) */
    public boolean isInteger() {
      return integers != null;
    }

    /** true for float32 data (widened to double here; kept for {@code --precision float}) */
    public boolean isFloat32() {
      return dtype.endsWith("f4");
    }

    /** the values in C order as doubles (int64 beyond 2^53 rounds) */
    public double[] toDoubles() {
      if (floats != null) {
        return floats.clone();
      }
      double[] d = new double[integers.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = integers[i];
      }
      return d;
    }

    /** the values in C order of an integer array; null for a float array */
    public long[] toLongs() {
      return integers == null ? null : integers.clone();
    }

    double[] doublesNoCopy() {
      return floats != null ? floats : toDoubles();
    }

    @Override
    public String toString() {
      return source + ": " + dtype + " " + shapeString(shape);
    }
  }

  /** An n × d matrix (0-D: 1 × 1; 1-D: n × 1) named {@code name}; a 3-D or larger array is an error. */
  public static Matrix read(Path file, String name) {
    return readTable(file, name).toMatrix(null, null);
  }

  /** The array of {@code file} as a {@link Table} (0-D: 1 × 1; 1-D: n × 1; 2-D: n × d). */
  public static Table readTable(Path file, String name) {
    NpyArray a = readArray(file, name);
    int[] s = a.shape;
    if (s.length > 2) {
      throw new InvalidInputException(name + ": " + s.length + "-D array " + shapeString(s)
          + " is not valid here; expected 1-D or 2-D");
    }
    int rows = s.length == 0 ? 1 : s[0];
    int cols = s.length == 2 ? s[1] : 1;
    if (rows == 0) {
      throw new InvalidInputException(name + " is empty (0 rows)");
    }
    if (cols == 0) {
      throw new InvalidInputException(name + " has no columns (shape " + shapeString(s) + ")");
    }
    return new Table(name, rows, cols, a.doublesNoCopy(), null);
  }

  /**
   * A 3-D array (b, n, d) as b matrices of n × d, named {@code name[0]}, {@code name[1]}, ...
   * Any other dimension is an error.
   */
  public static List<Matrix> readBatch(Path file, String name) {
    NpyArray a = readArray(file, name);
    int[] s = a.shape;
    if (s.length != 3) {
      throw new InvalidInputException(name + ": " + s.length + "-D array " + shapeString(s)
          + " is not valid here; expected a 3-D batch (b, n, d)");
    }
    if (s[0] == 0) {
      throw new InvalidInputException(name + " is empty (0 matrices in the batch)");
    }
    if (s[1] == 0) {
      throw new InvalidInputException(name + " is empty (0 rows)");
    }
    if (s[2] == 0) {
      throw new InvalidInputException(name + " has no columns (shape " + shapeString(s) + ")");
    }
    double[] v = a.doublesNoCopy();
    int per = s[1] * s[2];
    List<Matrix> out = new ArrayList<>(s[0]);
    for (int b = 0; b < s[0]; b++) {
      double[] m = Arrays.copyOfRange(v, b * per, (b + 1) * per);
      out.add(new Table(name + "[" + b + "]", s[1], s[2], m, null).toMatrix(null, null));
    }
    return out;
  }

  /** The whole array, any number of dimensions, values in C order. */
  public static NpyArray readArray(Path file, String name) {
    return parse(Inputs.readBytes(file, name, MAGIC), name);
  }

  /** Decodes the bytes of an .npy file; {@code name} prefixes every message. */
  public static NpyArray parse(byte[] bytes, String name) {
    if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new InvalidInputException(name + ": not a .npy file (bad magic bytes; expected \\x93NUMPY)");
    }
    if (bytes.length < 10) {
      throw new InvalidInputException(name + ": corrupt .npy file: truncated before the header length");
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    long headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8);
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new InvalidInputException(name + ": corrupt .npy file: truncated before the header length");
      }
      headerLen = (bytes[8] & 0xffL) | ((bytes[9] & 0xffL) << 8) | ((bytes[10] & 0xffL) << 16) | ((bytes[11] & 0xffL) << 24);
      headerStart = 12;
    } else {
      throw new InvalidInputException(name + ": unsupported .npy format version " + major + "." + minor
          + " (expected 1.0, 2.0 or 3.0)");
    }
    if (headerStart + headerLen > bytes.length) {
      throw new InvalidInputException(name + ": corrupt .npy file: the header claims " + headerLen
          + " bytes but the file has only " + (bytes.length - headerStart) + " after the preamble");
    }
    String header = new String(bytes, headerStart, (int) headerLen,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict;
    try {
      Object parsed = new PyLiteral(header).parseAll();
      if (!(parsed instanceof Map)) {
        throw new IllegalArgumentException("the header is not a dict");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) parsed;
      dict = m;
    } catch (IllegalArgumentException ex) {
      throw new InvalidInputException(name + ": corrupt .npy header (" + ex.getMessage() + ")");
    }
    for (String key : new String[] {"descr", "fortran_order", "shape"}) {
      if (!dict.containsKey(key)) {
        throw new InvalidInputException(name + ": corrupt .npy header: no '" + key + "' entry");
      }
    }
    Object descrObj = dict.get("descr");
    if (!(descrObj instanceof String)) {
      throw new InvalidInputException(name + ": unsupported dtype " + PyLiteral.repr(descrObj)
          + " (structured arrays are not supported; expected float64, float32, int32 or int64)");
    }
    Object fortranObj = dict.get("fortran_order");
    if (!(fortranObj instanceof Boolean)) {
      throw new InvalidInputException(name + ": corrupt .npy header: fortran_order is "
          + PyLiteral.repr(fortranObj) + ", not True or False");
    }
    boolean fortran = (Boolean) fortranObj;
    int[] shape = shapeOf(dict.get("shape"), name);
    Dtype dt = Dtype.parse((String) descrObj, name);

    long count = 1;
    for (int s : shape) {
      count *= s;
      if (count > MAX_VALUES) {
        throw new InvalidInputException(name + ": shape " + shapeString(shape) + " is too large (more than "
            + MAX_VALUES + " values)");
      }
    }
    long dataStart = headerStart + headerLen;
    long need = count * dt.size;
    long have = bytes.length - dataStart;
    if (have < need) {
      throw new InvalidInputException(name + ": truncated .npy file: shape " + shapeString(shape) + " of "
          + descrObj + " needs " + need + " bytes of data but only " + have + " follow the header");
    }
    if (have > need) {
      throw new InvalidInputException(name + ": corrupt .npy file: " + (have - need) + " unexpected bytes after the "
          + need + " bytes of data of shape " + shapeString(shape) + " " + descrObj);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, (int) dataStart, (int) need).slice().order(dt.order);
    int n = (int) count;
    int[] perm = fortran && shape.length > 1 ? fortranToC(shape) : null;
    if (dt.kind == 'f') {
      double[] v = new double[n];
      if (perm == null && dt.size == 8) {
        buf.asDoubleBuffer().get(v);  // one bulk copy: quick also before the JIT has compiled anything
      } else {
        for (int i = 0; i < n; i++) {
          v[perm == null ? i : perm[i]] = dt.size == 8 ? buf.getDouble(i * 8) : buf.getFloat(i * 4);
        }
      }
      return new NpyArray(name, shape, (String) descrObj, v, null);
    }
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[perm == null ? i : perm[i]] = dt.readInteger(buf, i);
    }
    return new NpyArray(name, shape, (String) descrObj, null, v);
  }

  /** position in C order of the i-th value stored in Fortran order */
  private static int[] fortranToC(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    int nd = shape.length;
    int[] cStride = new int[nd];
    cStride[nd - 1] = 1;
    for (int a = nd - 2; a >= 0; a--) {
      cStride[a] = cStride[a + 1] * shape[a + 1];
    }
    int[] perm = new int[n];
    int[] idx = new int[nd];
    int c = 0;
    for (int f = 0; f < n; f++) {
      perm[f] = c;
      // Fortran order: the first index varies fastest
      for (int a = 0; a < nd; a++) {
        idx[a]++;
        c += cStride[a];
        if (idx[a] < shape[a]) {
          break;
        }
        c -= cStride[a] * shape[a];
        idx[a] = 0;
      }
    }
    return perm;
  }

  private static int[] shapeOf(Object o, String name) {
    if (!(o instanceof List)) {
      throw new InvalidInputException(name + ": corrupt .npy header: shape is " + PyLiteral.repr(o) + ", not a tuple");
    }
    List<?> l = (List<?>) o;
    int[] s = new int[l.size()];
    for (int i = 0; i < s.length; i++) {
      Object e = l.get(i);
      if (!(e instanceof Long) || (Long) e < 0) {
        throw new InvalidInputException(name + ": corrupt .npy header: shape " + PyLiteral.repr(o)
            + " is not a tuple of sizes");
      }
      if ((Long) e > MAX_VALUES) {
        throw new InvalidInputException(name + ": shape " + PyLiteral.repr(o) + " is too large");
      }
      s[i] = (int) (long) (Long) e;
    }
    return s;
  }

  /** "(2, 3, 4)", "(5,)" or "()" as numpy prints shapes */
  static String shapeString(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
  }

  /** a supported element type */
  private static final class Dtype {
    final char kind;
    final int size;
    final ByteOrder order;

    private Dtype(char kind, int size, ByteOrder order) {
      this.kind = kind;
      this.size = size;
      this.order = order;
    }

    static Dtype parse(String descr, String name) {
      String s = descr;
      char bo = '=';
      if (!s.isEmpty() && "<>|=".indexOf(s.charAt(0)) >= 0) {
        bo = s.charAt(0);
        s = s.substring(1);
      }
      char kind = s.isEmpty() ? '?' : s.charAt(0);
      int size = -1;
      try {
        size = Integer.parseInt(s.substring(Math.min(1, s.length())));
      } catch (NumberFormatException ex) {
        size = -1;
      }
      boolean known = (kind == 'f' && (size == 4 || size == 8))
          || (kind == 'i' && (size == 1 || size == 2 || size == 4 || size == 8))
          || (kind == 'u' && (size == 1 || size == 2 || size == 4));
      if (!known || (bo == '|' && size != 1)) {
        throw new InvalidInputException(name + ": unsupported dtype '" + descr
            + "'; expected float64 (<f8), float32 (<f4), int32 (<i4) or int64 (<i8)");
      }
      ByteOrder order = bo == '>' ? ByteOrder.BIG_ENDIAN
          : bo == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
      return new Dtype(kind, size, order);
    }

    long readInteger(ByteBuffer b, int i) {
      int at = i * size;
      if (kind == 'i') {
        switch (size) {
          case 1: return b.get(at);
          case 2: return b.getShort(at);
          case 4: return b.getInt(at);
          default: return b.getLong(at);
        }
      }
      switch (size) {
        case 1: return b.get(at) & 0xffL;
        case 2: return b.getShort(at) & 0xffffL;
        default: return b.getInt(at) & 0xffffffffL;
      }
    }
  }
}
