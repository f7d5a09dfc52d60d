package io.mirador.bundle.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkModuleScannerTest {
  @TempDir Path dir;

  /** A class whose method takes {@code param} and whose body creates a {@code created}. */
  private static byte[] classUsing(String name, String param, String created) {
    return ClassFile.of()
        .build(
            ClassDesc.ofInternalName(name),
            cb ->
                cb.withMethodBody(
                    "m",
                    MethodTypeDesc.of(ConstantDescs.CD_void, ClassDesc.ofInternalName(param)),
                    ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                    code -> code.new_(ClassDesc.ofInternalName(created)).pop().return_()));
  }

  private Path jar(String name, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    Path jar = dir.resolve(name);
    Files.write(jar, bytes.toByteArray());
    return jar;
  }

  @Test
  void findsModulesFromClassReferencesAndDescriptorsAndNamesTheJars() throws IOException {
    Path a =
        jar(
            "a.jar",
            Map.of(
                "x/A.class", classUsing("x/A", "java/sql/Connection", "java/util/ArrayList"),
                "META-INF/versions/9/x/B.class",
                    classUsing("x/B", "java/lang/Object", "java/net/http/HttpClient"),
                "META-INF/versions/99/x/C.class",
                    classUsing("x/C", "java/lang/Object", "javax/swing/JFrame"),
                "module-info.class", new byte[] {1, 2, 3},
                "x/Broken.class", new byte[] {(byte) 0xca, (byte) 0xfe, 0, 0}));
    Path b = jar("b.jar", Map.of("y/D.class", classUsing("y/D", "sun/misc/Unsafe", "y/D")));
    JdkModuleScanner scanner = new JdkModuleScanner(25);
    Map<String, Set<String>> found = scanner.scanWithOrigins(List.of(a, b));
    assertThat(found.keySet())
        .containsExactlyInAnyOrder("java.base", "java.sql", "java.net.http", "jdk.unsupported");
    assertThat(found.get("java.sql")).containsExactly("a.jar");
    assertThat(found.get("jdk.unsupported")).containsExactly("b.jar");
    assertThat(found.get("java.base")).containsExactlyInAnyOrder("a.jar", "b.jar");
    assertThat(scanner.unreadable()).isEqualTo(1);
  }

  @Test
  void theExtrasAreAddedAndTheExcludedRemoved() throws IOException {
    Path a =
        jar(
            "c.jar",
            Map.of(
                "x/A.class",
                    classUsing("x/A", "javax/tools/JavaCompiler", "com/sun/source/tree/Tree"),
                "x/E.class", classUsing("x/E", "java/awt/Color", "java/lang/Object")));
    Set<String> modules =
        RuntimeModules.forApps(List.of(a), dir.resolve("work"), Set.of("java.desktop"));
    assertThat(modules).contains("java.base", "java.compiler").containsAll(RuntimeModules.EXTRA);
    assertThat(modules).doesNotContain("jdk.compiler", "java.desktop");
    // Cached: the same jars give the same answer without scanning again.
    assertThat(
            Files.list(dir.resolve("work"))
                .filter(p -> p.getFileName().toString().startsWith("modules-")))
        .hasSize(1);
    assertThat(RuntimeModules.forApps(List.of(a), dir.resolve("work"), Set.of()))
        .contains("java.desktop");
  }
}
