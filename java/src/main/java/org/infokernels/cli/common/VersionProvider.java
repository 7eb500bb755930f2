package org.infokernels.cli.common;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.infokernels.core.BackendKind;
import org.infokernels.internal.backend.Backend;
import org.infokernels.internal.backend.Backends;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the tool's version, then one line per backend saying whether it can run
 * here and why not, and which backend {@code auto} picks.
 */
public final class VersionProvider implements IVersionProvider {
  private static final String POM_PROPERTIES = "/META-INF/maven/org.infokernels/infokernels/pom.properties";

  @Override
  public String[] getVersion() {
    List<String> lines = new ArrayList<>();
    lines.add("infokernels " + version());
    for (BackendKind kind : new BackendKind[] {BackendKind.JAVA, BackendKind.CPU, BackendKind.CUDA}) {
      lines.add(describe(kind));
    }
    String auto;
    try {
      auto = Backends.select(BackendKind.AUTO).kind().label();
    } catch (RuntimeException | LinkageError ex) {
      auto = "none (" + Messages.oneLine(String.valueOf(ex.getMessage())) + ")";
    }
    lines.add("  --backend auto selects: " + auto);
    return lines.toArray(new String[0]);
  }

  private static String describe(BackendKind kind) {
    String label = String.format("  %-5s ", kind.label() + ":");
    try {
      Backend b = Backends.of(kind);
      if (!b.isAvailable()) {
        return label + "not usable: " + Messages.oneLine(b.unavailableReason());
      }
      String d = b.describe();
      return label + "usable" + (d == null || d.isEmpty() ? "" : " (" + Messages.oneLine(d) + ")");
    } catch (RuntimeException | LinkageError ex) {
      return label + "not usable: " + ex.getClass().getSimpleName() + ": " + Messages.oneLine(String.valueOf(ex.getMessage()));
    }
  }

  /** from the Maven descriptor packed into the jar, else the manifest, else "(development build)" */
  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
    } catch (java.io.IOException ex) {
      // fall through to the manifest
    }
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v != null ? v : "(development build)";
  }
}
