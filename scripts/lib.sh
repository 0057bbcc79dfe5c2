# Shared by scripts/test, scripts/demo and scripts/bench: installs what is
# missing (Debian 12, as root), configures and builds. Safe to run again.

CASDOCTOR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CASDOCTOR_BUILD=${CASDOCTOR_BUILD:-$CASDOCTOR_ROOT/build}

casdoctor_packages=(
  build-essential cmake ninja-build pkg-config
  libcli11-dev libspdlog-dev nlohmann-json3-dev libboost1.81-dev catch2 libcurl4-openssl-dev
  python3 python3-jsonschema jq
)

log() { printf '%s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for pkg in "${casdoctor_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    log "missing packages: ${missing[*]} (run as root, or install them: apt-get install ${missing[*]})"
    return 1
  fi
  log "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
  cmake -S "$CASDOCTOR_ROOT" -B "$CASDOCTOR_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCASDOCTOR_WERROR=ON "$@" >/dev/null
  cmake --build "$CASDOCTOR_BUILD" --parallel "$(nproc)"
}
