#!/usr/bin/env bash
# Fetches libchdb.so (the embedded ClickHouse engine) from the npm registry package
# @chdb/lib-linux-x64-gnu, verifies the package's SHA-256, and installs it into a cache
# directory outside target/ so `mvn clean` never re-downloads it. Idempotent: a verified
# install is recognised by its marker file and left alone.
#
#   tools/fetch-chdb.sh VERSION SHA256 DEST_DIR [--verify]
#
# --verify re-hashes the installed library against the digest recorded at install time.
set -euo pipefail

version=${1:?usage: fetch-chdb.sh VERSION SHA256 DEST_DIR [--verify]}
expected=${2:?usage: fetch-chdb.sh VERSION SHA256 DEST_DIR [--verify]}
dest=${3:?usage: fetch-chdb.sh VERSION SHA256 DEST_DIR [--verify]}
mode=${4:-}
package="@chdb/lib-linux-x64-gnu"
marker="$dest/libchdb.so.verified"

fail() { echo "fetch-chdb: $*" >&2; exit 1; }

if [[ -f "$marker" && -f "$dest/libchdb.so" ]]; then
  read -r pkg_sha lib_sha lib_size < "$marker" || fail "unreadable marker $marker; delete $dest and retry"
  [[ "$pkg_sha" == "$expected" ]] || fail "$dest holds a different chDB package ($pkg_sha); delete $dest and retry"
  actual_size=$(stat -c %s "$dest/libchdb.so")
  [[ "$actual_size" == "$lib_size" ]] || fail "$dest/libchdb.so is $actual_size bytes, expected $lib_size: corrupt; delete $dest and retry"
  if [[ "$mode" == "--verify" ]]; then
    actual=$(sha256sum "$dest/libchdb.so" | cut -d' ' -f1)
    [[ "$actual" == "$lib_sha" ]] || fail "$dest/libchdb.so does not match its recorded SHA-256: corrupt; delete $dest and retry"
  fi
  exit 0
fi

command -v npm >/dev/null || fail "npm is required to fetch $package@$version (apt-get install npm)"
command -v sha256sum >/dev/null || fail "sha256sum is required (coreutils)"

mkdir -p "$(dirname "$dest")"
work=$(mktemp -d "$(dirname "$dest")/.chdb-fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "fetch-chdb: downloading $package@$version (about 178 MB) into $dest" >&2
(cd "$work" && npm pack --silent "$package@$version" > pack.name) \
  || fail "npm pack $package@$version failed (is the npm registry reachable?)"
tarball="$work/$(tail -n 1 "$work/pack.name")"
[[ -f "$tarball" ]] || fail "npm pack produced no tarball"
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
[[ "$actual" == "$expected" ]] || fail "SHA-256 mismatch for $package@$version: expected $expected, got $actual"

mkdir -p "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked" package/libchdb.so || fail "tarball has no package/libchdb.so"
lib="$work/unpacked/package/libchdb.so"
lib_sha=$(sha256sum "$lib" | cut -d' ' -f1)
lib_size=$(stat -c %s "$lib")

staged="$work/install"
mkdir -p "$staged"
mv "$lib" "$staged/libchdb.so"
echo "$expected $lib_sha $lib_size" > "$staged/libchdb.so.verified"
rm -rf "$dest"
mv "$staged" "$dest"
echo "fetch-chdb: installed $dest/libchdb.so" >&2
