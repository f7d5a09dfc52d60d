package io.mirador.installer.service;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/** Who runs the services, and giving them their directories. */
public final class Ownership {
  private Ownership() {}

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public static String currentUser() {
    return System.getProperty("user.name");
  }

  /** Sets owner and group (only as root; a user install owns its files already). */
  public static void chown(Path p, String user, String group) throws IOException {
    if (!isRoot()) {
      return;
    }
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    UserPrincipal u = lookup.lookupPrincipalByName(user);
    GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
    PosixFileAttributeView view =
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(u);
    view.setGroup(g);
  }

  /** chown -R (never following symlinks). */
  public static void chownTree(Path root, String user, String group) throws IOException {
    if (!isRoot()) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        chown(p, user, group);
      }
    }
  }
}
