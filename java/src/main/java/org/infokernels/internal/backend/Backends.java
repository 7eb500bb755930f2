package org.infokernels.internal.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.infokernels.core.BackendKind;
import org.infokernels.core.BackendUnavailableException;

/**
 * Backend selection. {@code AUTO}: the system property {@code infokernels.backend} if set,
 * else cuda if a usable GPU is there, else cpu if the native library loads, else java.
 * An explicit backend that cannot run is an error naming the reason.
 */
public final class Backends {
  /** system property that chooses the backend when AUTO is asked for */
  public static final String PROPERTY = "infokernels.backend";

  private Backends() {}

  public static Backend of(BackendKind kind) {
    switch (kind) {
      case JAVA: return JavaBackend.INSTANCE;
      case CPU: return CpuBackend.INSTANCE;
      case CUDA: return CudaBackend.INSTANCE;
      default: throw new IllegalArgumentException("AUTO is not a concrete backend; use select()");
    }
  }

  /** the backend that runs for {@code requested}; throws {@link BackendUnavailableException} if it cannot */
  public static Backend select(BackendKind requested) {
    BackendKind kind = requested;
    if (kind == BackendKind.AUTO) {
      String prop = System.getProperty(PROPERTY);
      if (prop != null && !prop.isBlank()) {
        kind = BackendKind.parse(prop.trim().toLowerCase(Locale.ROOT));
      }
    }
    if (kind == BackendKind.AUTO) {
      if (CudaBackend.INSTANCE.isAvailable()) {
        return CudaBackend.INSTANCE;
      }
      if (CpuBackend.INSTANCE.isAvailable()) {
        return CpuBackend.INSTANCE;
      }
      return JavaBackend.INSTANCE;
    }
    Backend b = of(kind);
    if (!b.isAvailable()) {
      throw new BackendUnavailableException(b.unavailableReason());
    }
    return b;
  }

  /**
   * {@link #select} for the k-NN family: when the choice was automatic (AUTO and no system property)
   * and fell on cuda but k exceeds {@link CudaBackend#MAX_K}, the next automatic choice (cpu, else
   * java) runs instead. An explicit cuda request keeps cuda, whose k check then names the limit.
   */
  public static Backend selectForKnn(BackendKind requested, int k) {
    Backend b = select(requested);
    String prop = System.getProperty(PROPERTY);
    boolean automatic = requested == BackendKind.AUTO && (prop == null || prop.isBlank()
        || prop.trim().equalsIgnoreCase("auto"));
    if (automatic && b.kind() == BackendKind.CUDA && k > CudaBackend.MAX_K) {
      return CpuBackend.INSTANCE.isAvailable() ? CpuBackend.INSTANCE : JavaBackend.INSTANCE;
    }
    return b;
  }

  /** every backend that can run here, java first */
  public static List<Backend> available() {
    List<Backend> list = new ArrayList<>();
    for (BackendKind k : new BackendKind[] {BackendKind.JAVA, BackendKind.CPU, BackendKind.CUDA}) {
      if (of(k).isAvailable()) {
        list.add(of(k));
      }
    }
    return list;
  }
}
