package org.infokernels.cli.common;

import java.io.PrintWriter;

/** How the tool writes to stderr: the prefix of every line, one line per message. */
public final class Messages {
  /** the prefix of every line the tool writes to stderr */
  public static final String PREFIX = "infokernels: ";

  private Messages() {}

  /** a message on one line: line breaks become spaces */
  public static String oneLine(String s) {
    return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  /** prints {@code infokernels: warning: <w>} on one line */
  public static void warn(PrintWriter err, String w) {
    err.println(PREFIX + "warning: " + oneLine(w));
  }
}
