# Sourced by ./mirador: finds Java 25 and installs what a new machine lacks. Idempotent: on a
# machine that has everything it only checks.
mirador_java_ok() {
  [[ -x "$1/bin/java" ]] && "$1/bin/java" -version 2>&1 | grep -q 'version "25'
}

# Installs a Debian package when we may (root with apt-get); refreshes the package lists once
# when the first attempt fails. Returns 1 when we may not.
mirador_apt_get() {
  local package=$1 why=$2
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "mirador: installing $package (apt-get), $why..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >&2 ||
      { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >&2; }
  else
    return 1
  fi
}

# Installs a Debian package when its command is missing.
mirador_apt_install() {
  local command=$1 package=$2 why=$3
  command -v "$command" >/dev/null 2>&1 && return 0
  mirador_apt_get "$package" "$why"
}

# Installs a Debian package that brings a file rather than a command (a library's header).
mirador_apt_install_file() {
  local file=$1 package=$2 why=$3
  [[ -e "$file" ]] && return 0
  mirador_apt_get "$package" "$why"
}

# What only the tests need: minisign (our bundle signatures interoperate with it), Chromium and its
# driver, systemd-analyze, kubectl, libseccomp.
mirador_setup_tests() {
  mirador_apt_install minisign minisign "for the signature interoperability test" ||
    echo "mirador: minisign missing (not root): the interoperability test will be skipped" >&2
  # The UI's browser tests drive Debian's Chromium through its ChromeDriver (same version).
  mirador_apt_install chromium chromium "for the UI's browser tests" &&
    mirador_apt_install chromedriver chromium-driver "for the UI's browser tests" ||
    echo "mirador: chromium/chromedriver missing (not root): the browser tests will be skipped" >&2
  # deploy/'s SyscallFilterIT runs each app under its unit's seccomp filter (libseccomp).
  mirador_apt_install_file /usr/include/seccomp.h libseccomp-dev "for the systemd units' syscall-filter test" ||
    echo "mirador: libseccomp-dev missing (not root): the syscall-filter test will be skipped" >&2
  # systemd-analyze checks the units, kubectl (with its built-in kustomize) renders the manifests.
  mirador_apt_install systemd-analyze systemd "for the systemd unit checks" ||
    echo "mirador: systemd-analyze missing (not root): the unit checks will be skipped" >&2
  mirador_apt_install kubectl kubectl "to render the Kubernetes manifests" ||
    echo "mirador: kubectl missing (not root): the manifest tests will be skipped" >&2
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
  if ! mirador_apt_install npm npm "to fetch the embedded ClickHouse library"; then
    echo "mirador: npm is required to fetch the embedded ClickHouse library: apt-get install npm" >&2
    exit 1
  fi
}
