#!/usr/bin/env bash
# Shows the release signing key that ./mirador bundle signs with, generating it on first use.
#
#   tools/release-key.sh [--key-dir DIR]
#
# The key lives in $MIRADOR_RELEASE_KEY_DIR (default ~/.config/mirador/release-key/):
# mirador-release.key (0600, minisign's unencrypted secret-key format; never commit it, back it
# up offline) and mirador-release.pub (give this one to sites out of band). See
# offline-bundle/README.md, "The release key".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tools/setup.sh
source "$root/tools/setup.sh"
mirador_setup

key_dir=""
case "${1:-}" in
  --key-dir) key_dir=${2:?"--key-dir needs a directory"} ;;
  --key-dir=*) key_dir=${1#*=} ;;
  "") ;;
  *) echo "usage: tools/release-key.sh [--key-dir DIR]" >&2; exit 2 ;;
esac

classes="$root/offline-bundle/target/classes"
classpath_file="$root/offline-bundle/target/release-key.classpath"
if [[ ! -f "$classes/io/mirador/bundle/BundleMain.class" || ! -f "$classpath_file" ]]; then
  echo "release-key: building offline-bundle (once)..." >&2
  (cd "$root" && ./mvnw -B -q -pl offline-bundle compile dependency:build-classpath \
      -Dmdep.includeScope=runtime "-Dmdep.outputFile=$classpath_file") >&2
fi
exec "$JAVA_HOME/bin/java" -cp "$classes:$(cat "$classpath_file")" io.mirador.bundle.BundleMain key \
  "--key-dir=$key_dir"
