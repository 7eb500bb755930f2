package org.infokernels.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the native executable finds the JDK whose desktop libraries draw --plot. */
class NativeExecutableTest {
  @TempDir Path dir;

  private Path maps(String... lines) throws IOException {
    return Files.write(dir.resolve("maps"), java.util.List.of(lines));
  }

  @Test
  void theJdkHoldingTheLoadedLibjava() throws IOException {
    Path home = Files.createDirectories(dir.resolve("my jdk/lib")).getParent();
    Path m = maps("55d0c0000000-55d0c0001000 r--p 00000000 08:01 77 /usr/bin/infokernels",
        "7f1c2a000000-7f1c2a020000 r-xp 00000000 08:01 1234                       " + home + "/lib/libjava.so",
        "7f1c2b000000-7f1c2b020000 r-xp 00000000 08:01 1235 " + home + "/lib/libnio.so");
    assertEquals(home, NativeExecutable.loadedJdk(m));
  }

  @Test
  void noJdkWithoutLibjavaOrItsFolder() throws IOException {
    assertNull(NativeExecutable.loadedJdk(maps("7f1c2a000000-7f1c2a020000 r-xp 00000000 08:01 9 /usr/lib/libz.so")));
    // a deleted mapping, and one whose JDK folder is gone
    assertNull(NativeExecutable.loadedJdk(maps("7f1c2a000000-7f1c2a020000 r-xp 0 08:01 9 /opt/jdk/lib/libjava.so (deleted)")));
    assertNull(NativeExecutable.loadedJdk(maps("7f1c2a000000-7f1c2a020000 r-xp 0 08:01 9 " + dir + "/gone/lib/libjava.so")));
    assertNull(NativeExecutable.loadedJdk(dir.resolve("no-such-file")));
  }

  @Test
  void onTheJvmNothingChanges() {
    assertFalse(NativeExecutable.running());
    String before = System.getProperty("java.home");
    NativeExecutable.preparePlot(dir.resolve("p.png"));
    assertEquals(before, System.getProperty("java.home"));
  }
}
