package io.mirador.bundle.tree;

/** One entry of the bundle: a regular file or a symbolic link. Directories are implied. */
public sealed interface BundleEntry permits FileEntry, SymlinkEntry {
  BundlePath path();
}
