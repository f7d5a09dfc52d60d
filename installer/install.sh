#!/bin/sh
# Mirador's installer front end: runs the installer CLI on this bundle's own Java runtime.
# Needs only a POSIX shell; nothing is downloaded. Commands: ./install.sh help
#
# First install (after checking the tarball with the release key you received out of band):
#   minisign -Vm mirador-<v>-linux-x86_64.tar.gz -p mirador-release.pub
#   tar -xzf mirador-<v>-linux-x86_64.tar.gz
#   ./mirador-<v>/install.sh verify --key mirador-release.pub
#   ./mirador-<v>/install.sh install --prefix /opt/mirador --key mirador-release.pub
set -eu

case "$0" in
  */*) here=${0%/*} ;;
  *) here=. ;;
esac
here=$(cd "$here" && pwd -P)

java="$here/runtime/bin/java"
jar="$here/installer/mirador-installer.jar"
if [ ! -x "$java" ]; then
  echo "install.sh: no Java runtime at $java: is this an unpacked Mirador bundle?" >&2
  exit 1
fi
if [ ! -f "$jar" ]; then
  echo "install.sh: no installer at $jar: is this an unpacked Mirador bundle?" >&2
  exit 1
fi

MIRADOR_BUNDLE_DIR=$here
export MIRADOR_BUNDLE_DIR
exec "$java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "$@"
