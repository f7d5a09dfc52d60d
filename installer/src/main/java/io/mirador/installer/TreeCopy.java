package io.mirador.installer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** Copies a tree keeping symlinks as symlinks and hard-linked files linked (shared jars once). */
final class TreeCopy {
  private TreeCopy() {}

  static void copy(Path from, Path to, Predicate<Path> include) throws IOException {
    Map<Object, Path> copiedByInode = new HashMap<>();
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(from) && !include.test(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            // After the children: a read-only source directory stays copyable.
            Files.setPosixFilePermissions(
                to.resolve(from.relativize(dir).toString()),
                Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!include.test(file)) {
              return FileVisitResult.CONTINUE;
            }
            Path target = to.resolve(from.relativize(file).toString());
            if (attrs.isSymbolicLink()) {
              Files.createSymbolicLink(target, Files.readSymbolicLink(file));
            } else if (attrs.isRegularFile()) {
              Object key = attrs.fileKey();
              Path earlier = key == null ? null : copiedByInode.get(key);
              if (earlier != null) {
                Files.createLink(target, earlier);
              } else {
                Files.copy(
                    file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                if (key != null) {
                  copiedByInode.put(key, target);
                }
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static long size(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (var walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
