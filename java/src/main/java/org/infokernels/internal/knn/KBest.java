package org.infokernels.internal.knn;

import java.util.Arrays;

/**
 * The k smallest candidates offered so far, in (distance, index) order: a candidate precedes
 * another when its distance is smaller, or equal with a smaller original row index. The same rule
 * as {@code KBest} in {@code native/src/knn/kdtree.hpp}, so "the k neighbours" of KSG algorithm 2
 * are one well-defined set on every backend.
 *
 * <p>Small k (the usual 3..20) keeps a sorted array, which beats a heap at that size; large k a
 * binary max-heap. Not thread-safe: one per worker.
 */
final class KBest {
  private static final int SORTED_MAX = 32;

  private final int k;
  private final boolean heap;
  private final double[] dist;
  private final int[] index;
  private int size;
  private double bound = Double.POSITIVE_INFINITY;

  KBest(int k) {
    this.k = k;
    this.heap = k > SORTED_MAX;
    this.dist = new double[k];
    this.index = new int[k];
  }

  void clear() {
    size = 0;
    bound = Double.POSITIVE_INFINITY;
  }

  /** distance of the k-th candidate; +∞ while fewer than k have been offered */
  double bound() {
    return bound;
  }

  int size() {
    return size;
  }

  /** original row index of the j-th kept candidate (sorted only for small k) */
  int index(int j) {
    return index[j];
  }

  private static boolean precedes(double da, int ia, double db, int ib) {
    return da < db || (da == db && ia < ib);
  }

  void offer(double d, int i) {
    if (heap) {
      offerHeap(d, i);
      return;
    }
    int p = size;
    if (size == k) {
      if (!precedes(d, i, dist[k - 1], index[k - 1])) {
        return;
      }
      p = k - 1;
    } else {
      size++;
    }
    while (p > 0 && precedes(d, i, dist[p - 1], index[p - 1])) {
      dist[p] = dist[p - 1];
      index[p] = index[p - 1];
      p--;
    }
    dist[p] = d;
    index[p] = i;
    if (size == k) {
      bound = dist[k - 1];
    }
  }

  // max-heap on (dist, index): the root is the candidate to evict
  private void offerHeap(double d, int i) {
    if (size == k) {
      if (!precedes(d, i, dist[0], index[0])) {
        return;
      }
      siftDown(d, i);
    } else {
      int p = size++;
      while (p > 0) {
        int parent = (p - 1) >>> 1;
        if (!precedes(dist[parent], index[parent], d, i)) {
          break;
        }
        dist[p] = dist[parent];
        index[p] = index[parent];
        p = parent;
      }
      dist[p] = d;
      index[p] = i;
    }
    if (size == k) {
      bound = dist[0];
    }
  }

  // replaces the root by (d, i) and restores the heap
  private void siftDown(double d, int i) {
    int p = 0;
    while (true) {
      int c = 2 * p + 1;
      if (c >= size) {
        break;
      }
      if (c + 1 < size && precedes(dist[c], index[c], dist[c + 1], index[c + 1])) {
        c++;
      }
      if (!precedes(d, i, dist[c], index[c])) {
        break;
      }
      dist[p] = dist[c];
      index[p] = index[c];
      p = c;
    }
    dist[p] = d;
    index[p] = i;
  }

  /** the kept original indices in (distance, index) order */
  int[] sortedIndices() {
    Integer[] order = new Integer[size];
    for (int j = 0; j < size; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> precedes(dist[a], index[a], dist[b], index[b]) ? -1
        : precedes(dist[b], index[b], dist[a], index[a]) ? 1 : 0);
    int[] out = new int[size];
    for (int j = 0; j < size; j++) {
      out[j] = index[order[j]];
    }
    return out;
  }

  @Override
  public String toString() {
    return "KBest(k=" + k + ", " + Arrays.toString(Arrays.copyOf(dist, size)) + ")";
  }
}
