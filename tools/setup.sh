# Sourced by ./mirador: finds Java 25 and installs what a new machine lacks. Idempotent: on a
# machine that has everything it only checks.
mirador_java_ok() {
  [[ -x "$1/bin/java" ]] && "$1/bin/java" -version 2>&1 | grep -q 'version "25'
}

mirador_setup() {
  if [[ -z "${JAVA_HOME:-}" ]] || ! mirador_java_ok "$JAVA_HOME"; then
    if mirador_java_ok /usr/lib/jvm/temurin-25-jdk-amd64; then
      export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    else
      echo "mirador: Java 25 is required: install Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64 or set JAVA_HOME" >&2
      exit 1
    fi
  fi
  # npm fetches the embedded ClickHouse library (tools/fetch-chdb.sh) from the npm registry.
  if ! command -v npm >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "mirador: installing npm (apt-get)..." >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
    else
      echo "mirador: npm is required to fetch the embedded ClickHouse library: apt-get install npm" >&2
      exit 1
    fi
  fi
}
