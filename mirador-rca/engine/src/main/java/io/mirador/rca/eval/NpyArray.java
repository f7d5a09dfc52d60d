package io.mirador.rca.eval;

import static java.util.Objects.requireNonNull;

/** A numeric numpy array read as doubles, row-major. */
record NpyArray(int[] shape, double[] data) {
  NpyArray {
    requireNonNull(shape, "shape");
    requireNonNull(data, "data");
  }

  double[][] matrix(String name) {
    if (shape.length != 2) {
      throw new NpyFormatException(name + ": expected a 2-D array, got " + shape.length + "-D");
    }
    double[][] rows = new double[shape[0]][shape[1]];
    for (int i = 0; i < shape[0]; i++) {
      System.arraycopy(data, i * shape[1], rows[i], 0, shape[1]);
    }
    return rows;
  }

  double[] vector(String name) {
    if (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) {
      return data.clone();
    }
    throw new NpyFormatException(name + ": expected a 1-D array, got " + shape.length + "-D");
  }
}
