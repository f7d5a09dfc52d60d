package io.mirador.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A small checkout laid out like the real one (BundleInputs.ofRepository) with stand-in apps, so
 * the builder's own logic is tested in seconds: four apps sharing one jar, an installer, units,
 * templates, an npm lock file, a fake engine and a local Maven repository with licences.
 */
final class FakeRepository {
  static final String SHARED_JAR = "com.example.shared-1.0.jar";

  final Path root;
  final Path chdb;
  final Path mavenRepo;

  private FakeRepository(Path root) {
    this.root = root;
    this.chdb = root.resolve("cache/libchdb.so");
    this.mavenRepo = root.resolve("m2");
  }

  static FakeRepository create(Path root) throws IOException {
    FakeRepository r = new FakeRepository(root);
    r.populate();
    return r;
  }

  BundleInputs inputs() {
    return BundleInputs.ofRepository(root);
  }

  BundleBuilder builder(Path out, Path keys, Path work) {
    return BundleBuilder.forInputs(root, inputs())
        .version("1.2.3")
        .output(out)
        .keyDirectory(keys)
        .workDirectory(work)
        .mavenRepository(mavenRepo)
        .chdb(chdb, "26.7.3-stable.1")
        .schema(4)
        .commit("0123456789abcdef0123456789abcdef01234567")
        .runtimeModules(java.util.Set.of("java.base"))
        .gzipLevel(1)
        .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
  }

  private void populate() throws IOException {
    Map<String, String> apps =
        Map.of(
            "agent", "mirador-agent",
            "core", "mirador-core/service",
            "rca", "mirador-rca/service",
            "ui", "mirador-ui-api");
    for (Map.Entry<String, String> app : apps.entrySet()) {
      Path q = root.resolve(app.getValue() + "/target/quarkus-app");
      write(
          q.resolve("quarkus-run.jar"),
          jar("io/quarkus/Run" + app.getKey(), "java/sql/Connection"));
      write(q.resolve("lib/main/" + SHARED_JAR), jar("com/example/Shared", "java/util/List"));
      write(
          q.resolve("lib/main/com.example." + app.getKey() + "-only-2.0.jar"),
          jar("com/example/" + app.getKey() + "/Only", "java/util/Map"));
      write(
          q.resolve("lib/boot/io.quarkus.boot-3.0.jar"),
          jar("io/quarkus/Boot", "java/lang/Object"));
      write(
          q.resolve("app/mirador-" + app.getKey() + "-1.2.3.jar"),
          jar("io/mirador/" + app.getKey() + "/App", "java/lang/Object"));
      write(
          q.resolve("quarkus/generated-bytecode.jar"),
          jar("io/quarkus/Gen" + app.getKey(), "java/lang/Object"));
      write(
          q.resolve("quarkus/quarkus-application.dat"),
          ("dat " + app.getKey()).getBytes(StandardCharsets.UTF_8));
      write(
          q.resolve("quarkus-app-dependencies.txt"),
          ("com.example:shared::jar:1.0\ncom.example:"
                  + app.getKey()
                  + "-only::jar:2.0\nio.quarkus:boot::jar:3.0\n")
              .getBytes(StandardCharsets.UTF_8));
      write(
          root.resolve("deploy/systemd/mirador-" + app.getKey() + ".service.in"),
          ("[Service]\nExecStart=@PREFIX@/current/runtime/bin/java -jar " + app.getKey() + "\n")
              .getBytes(StandardCharsets.UTF_8));
      write(
          root.resolve(
              "installer/src/main/resources/io/mirador/installer/templates/mirador-"
                  + app.getKey()
                  + ".env.tmpl"),
          ("PORT=@PORT@\n").getBytes(StandardCharsets.UTF_8));
    }
    write(
        root.resolve("installer/target/mirador-installer.jar"),
        jar("io/mirador/installer/Main", "java/lang/Object"));
    // An installer that is not shaded: its lib/ holds a jar the apps ship too.
    write(
        root.resolve("installer/target/lib/shared-1.0.jar"),
        jar("com/example/Shared", "java/util/List"));
    write(
        root.resolve("installer/src/main/sh/install.sh"),
        "#!/bin/sh\necho install\n".getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(
        root.resolve("installer/src/main/sh/install.sh"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    write(
        root.resolve("mirador-ui-api/src/main/webui/package-lock.json"),
        """
        {"name":"webui","lockfileVersion":3,"packages":{
          "":{"name":"webui","version":"0.1.0"},
          "node_modules/esbuild":{"version":"0.28.2","dev":true,"license":"MIT",
            "integrity":"sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="},
          "node_modules/@scope/lib":{"version":"1.0.0","license":"ISC"}}}
        """
            .getBytes(StandardCharsets.UTF_8));
    byte[] engine = new byte[256 * 1024];
    new Random(7).nextBytes(engine);
    write(chdb, engine);
    write(
        mavenRepo.resolve("com/example/shared/1.0/shared-1.0.pom"),
        """
        <project><parent><groupId>com.example</groupId><artifactId>parent</artifactId>
        <version>1</version></parent><artifactId>shared</artifactId></project>
        """
            .getBytes(StandardCharsets.UTF_8));
    write(
        mavenRepo.resolve("com/example/parent/1/parent-1.pom"),
        """
        <project><licenses><license><name>The Apache Software License, Version 2.0</name>
        </license></licenses></project>
        """
            .getBytes(StandardCharsets.UTF_8));
  }

  static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  /** A jar with one class that calls a method on {@code referenced} and a LICENSE file. */
  static byte[] jar(String className, String referenced) throws IOException {
    byte[] clazz =
        ClassFile.of()
            .build(
                ClassDesc.ofInternalName(className),
                cb ->
                    cb.withMethodBody(
                        "touch",
                        MethodTypeDesc.of(
                            ConstantDescs.CD_void, ClassDesc.ofInternalName(referenced)),
                        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                        code -> code.return_()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      JarEntry e = new JarEntry(className + ".class");
      e.setLastModifiedTime(FileTime.fromMillis(0));
      jar.putNextEntry(e);
      jar.write(clazz);
      jar.closeEntry();
      JarEntry l = new JarEntry("META-INF/LICENSE.txt");
      l.setLastModifiedTime(FileTime.fromMillis(0));
      jar.putNextEntry(l);
      jar.write(("licence of " + className).getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }
}
