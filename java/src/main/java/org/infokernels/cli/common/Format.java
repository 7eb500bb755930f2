package org.infokernels.cli.common;

/** How a result is printed: {@code text} (one human line, the default) or {@code json} (one JSON object on one line). */
public enum Format {
  TEXT, JSON
}
