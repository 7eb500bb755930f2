package org.infokernels.cli;

public final class Main {
  public static void main(String[] args) {
    org.bytedeco.javacpp.Loader.load(org.infokernels.bindings.global.infokernels.class);
    System.out.println(org.infokernels.bindings.global.infokernels.ik_version().getString());
  }
}
