package io.mirador.bundle.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JDK modules a set of jars refers to: every class name in every class file's constant pool
 * (class references and the types in descriptors and signatures), mapped to the JDK module that
 * holds its package. This is what {@code jdeps --print-module-deps} computes; jdeps itself stops at
 * the apps' jars ("Module org.eclipse.microprofile.config not found, required by
 * io.smallrye.config") because Quarkus renames the jars it packs, so their automatic module names
 * no longer match what modular jars require (RATIONALE.md). Multi-release jars are read for the
 * runtime's feature version. Unreadable class files are skipped and counted.
 */
public final class JdkModuleScanner {
  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");
  private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/(.+)");

  private final Map<String, String> moduleOfPackage = new HashMap<>();
  private final int feature;
  private int unreadable;

  public JdkModuleScanner() {
    this(Runtime.version().feature());
  }

  JdkModuleScanner(int feature) {
    this.feature = feature;
    for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
      String module = ref.descriptor().name();
      for (String pkg : ref.descriptor().packages()) {
        moduleOfPackage.put(pkg.replace('.', '/'), module);
      }
    }
  }

  /** The JDK modules the jars refer to, sorted; {@code java.base} included. */
  public Set<String> scan(Iterable<Path> jars) throws IOException {
    return scanWithOrigins(jars).keySet();
  }

  /** Each JDK module the jars refer to, with the names of the jars that refer to it. */
  public Map<String, Set<String>> scanWithOrigins(Iterable<Path> jars) throws IOException {
    Map<String, Set<String>> origins = new TreeMap<>();
    origins.put("java.base", new TreeSet<>());
    for (Path jar : jars) {
      Set<String> modules = new TreeSet<>();
      try (JarFile file = new JarFile(jar.toFile())) {
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          if (applies(entry.getName())) {
            try (InputStream in = file.getInputStream(entry)) {
              scanClass(in.readAllBytes(), modules);
            }
          }
        }
      }
      String name = jar.getFileName().toString();
      modules.forEach(m -> origins.computeIfAbsent(m, k -> new TreeSet<>()).add(name));
    }
    return origins;
  }

  /** Class files that count for this runtime: plain ones and versions up to its feature. */
  private boolean applies(String name) {
    if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
      return false;
    }
    Matcher m = VERSIONED.matcher(name);
    return !m.matches() || Integer.parseInt(m.group(1)) <= feature;
  }

  private void scanClass(byte[] bytes, Set<String> modules) {
    ClassModel model;
    try {
      model = ClassFile.of().parse(bytes);
    } catch (IllegalArgumentException e) {
      unreadable++;
      return;
    }
    for (PoolEntry entry : model.constantPool()) {
      if (entry instanceof ClassEntry c) {
        String name = c.asInternalName();
        int arrays = 0;
        while (arrays < name.length() && name.charAt(arrays) == '[') {
          arrays++;
        }
        if (arrays > 0) {
          addDescriptorTypes(name, modules);
        } else {
          addClass(name, modules);
        }
      } else if (entry instanceof Utf8Entry u) {
        String text = u.stringValue();
        if (text.indexOf('L') >= 0 && text.indexOf(';') > 0) {
          addDescriptorTypes(text, modules);
        }
      }
    }
  }

  private void addDescriptorTypes(String descriptor, Set<String> modules) {
    Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
    while (m.find()) {
      addClass(m.group(1), modules);
    }
  }

  private void addClass(String internalName, Set<String> modules) {
    int slash = internalName.lastIndexOf('/');
    if (slash > 0) {
      String module = moduleOfPackage.get(internalName.substring(0, slash));
      if (module != null) {
        modules.add(module);
      }
    }
  }

  /** Class files that could not be parsed (skipped). */
  public int unreadable() {
    return unreadable;
  }
}
