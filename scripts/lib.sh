# Shared by scripts/run and scripts/test. Sourced, not executed.

LEERPOOL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages the build, the tests and the services need.
LEERPOOL_PACKAGES=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates tzdata
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  golang-github-grpc-ecosystem-grpc-gateway-dev
  libboost-dev libsqlite3-dev libpq-dev libabsl-dev libsodium-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev clang clang-format libclang-rt-14-dev libical-dev
  libgoogle-perftools-dev nodejs
)

log() { printf '\033[1m[leerpool]\033[0m %s\n' "$*" >&2; }

# Installs whatever of LEERPOOL_PACKAGES is missing; without root, prints the apt-get line.
ensure_packages() {
  local missing=() package
  for package in "${LEERPOOL_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      log "installing: ${missing[*]}"
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
      return
    fi
    log "missing Debian packages; install them with:"
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  log "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# configure_and_build <build-dir> <cmake args...>
configure_and_build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S "$LEERPOOL_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  else
    cmake "$dir" "$@" >/dev/null
  fi
  cmake --build "$dir" -j "$(nproc)"
}

# Builds the web application (clients/web) into clients/web/dist, which the gateway serves.
# npm packages come from the npm registry, pinned by package-lock.json; `npm ci` runs only when
# the lock file is newer than what is installed.
build_web() {
  local web=$LEERPOOL_ROOT/clients/web
  if ! command -v npm >/dev/null; then ensure_packages npm; fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    log "the web application needs Node.js 20 or newer (found $(node --version))"
    exit 1
  fi
  if [ ! -f "$web/node_modules/.package-lock.json" ] ||
    [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    log "installing the web application's npm packages"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) ||
      { log "npm ci failed in clients/web"; exit 1; }
  fi
  log "building the web application"
  local output
  if ! output=$(cd "$web" && npm run --silent build 2>&1); then
    echo "$output" >&2
    log "the web application did not build"
    exit 1
  fi
}
