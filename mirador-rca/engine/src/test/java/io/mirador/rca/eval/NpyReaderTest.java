package io.mirador.rca.eval;

import static io.mirador.rca.eval.NpyFixtures.f8;
import static io.mirador.rca.eval.NpyFixtures.npy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
  @Test
  void readsCOrderAndFortranOrder() {
    byte[] c =
        npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f8(1, 2, 3, 4, 5, 6));
    assertThat(NpyReader.read("c", c).matrix("c"))
        .isDeepEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
    byte[] f =
        npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", f8(1, 4, 2, 5, 3, 6));
    assertThat(NpyReader.read("f", f).matrix("f"))
        .isDeepEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
  }

  @Test
  void readsIntegerAndBooleanLabels() {
    byte[] i8 =
        npy(
            "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
            new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertThat(NpyReader.read("y", i8).vector("y")).containsExactly(1, 0);
    byte[] b1 =
        npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] {0, 1, 1});
    assertThat(NpyReader.read("y", b1).vector("y")).containsExactly(0, 1, 1);
    byte[] bad = npy("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", new byte[] {7});
    assertThatThrownBy(() -> NpyReader.read("y", bad)).hasMessageContaining("neither 0 nor 1");
  }

  @Test
  void rejectsHostileInputWithClearMessages() {
    assertThatThrownBy(() -> NpyReader.read("x", new byte[] {1, 2, 3}))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> NpyReader.read("x", "PK\u0003\u0004xxxxxxxxxxxx".getBytes()))
        .hasMessageContaining("bad magic");
    byte[] longHeader = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", f8(1));
    longHeader[8] = (byte) 0xff;
    longHeader[9] = (byte) 0xff;
    assertThatThrownBy(() -> NpyReader.read("x", longHeader)).hasMessageContaining("out of bounds");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x", npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", f8(1))))
        .hasMessageContaining("unsupported dtype '>f8'");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", f8(1))))
        .hasMessageContaining("unsupported dtype");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x",
                    npy(
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                        f8(1, 2, 3))))
        .hasMessageContaining("needs 32 data bytes, file has 24");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x",
                    npy(
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000, 2000000000), }",
                        f8(1))))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x",
                    npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", f8(1))))
        .hasMessageContaining("1-D and 2-D");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x", npy("{'descr': '<f8', '__import__': 1, 'shape': (1,), }", f8(1))))
        .hasMessageContaining("unrecognised header");
    assertThatThrownBy(
            () ->
                NpyReader.read(
                    "x",
                    npy(
                        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999,), }",
                        f8(1))))
        .hasMessageContaining("out of range");
  }

  @Test
  void npzArraysAreBoundedAndChecked(@TempDir Path dir) throws Exception {
    Path good =
        NpyFixtures.npz(
            dir.resolve("good.npz"),
            Map.of(
                "X",
                NpyFixtures.matrix(new double[][] {{1, 2}}),
                "y",
                NpyFixtures.vector(new double[] {0})));
    assertThat(NpzReader.read(good)).containsOnlyKeys("X", "y");
    assertThatThrownBy(() -> NpzReader.read(good, 20)).hasMessageContaining("larger than 20 bytes");
    Path other = NpyFixtures.npz(dir.resolve("other.npz"), Map.of("../evil", new byte[] {1}));
    assertThatThrownBy(() -> NpzReader.read(other)).hasMessageContaining("unexpected entry");
    Path garbage = Files.write(dir.resolve("garbage.npz"), new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> NpzReader.read(garbage)).isInstanceOf(NpyFormatException.class);
  }
}
