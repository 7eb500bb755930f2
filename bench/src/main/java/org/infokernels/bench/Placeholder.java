package org.infokernels.bench;
final class Placeholder {}
