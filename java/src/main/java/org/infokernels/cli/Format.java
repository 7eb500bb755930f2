package org.infokernels.cli;

/** How a result is printed: {@code text} (one human line, the default) or {@code json} (one JSON object on one line). */
enum Format {
  TEXT, JSON
}
