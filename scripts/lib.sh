# Shared by scripts/test, scripts/demo and scripts/bench: installs what is
# missing (Debian 12, as root), configures and builds. Safe to run again.

CASDOCTOR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CASDOCTOR_BUILD=${CASDOCTOR_BUILD:-$CASDOCTOR_ROOT/build}

casdoctor_packages=(
  build-essential cmake ninja-build pkg-config
  libcli11-dev libspdlog-dev nlohmann-json3-dev libboost1.81-dev catch2 libcurl4-openssl-dev openssl libssl-dev
  python3 python3-jsonschema jq ccache
)

log() { printf '%s\n' "$*" >&2; }

# shell_words WORD...: the words as one command line a shell reads back the
# same: plain words as they are, others in single quotes (CONTOSO\alice would
# lose its backslash unquoted).
shell_words() {
  local out=() word
  for word in "$@"; do
    if [[ $word =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
      out+=("$word")
    else
      out+=("'${word//\'/\'\\\'\'}'")
    fi
  done
  printf '%s\n' "${out[*]}"
}

install_packages() {
  local missing=()
  for pkg in "${casdoctor_packages[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == *'install ok installed'* ]] || missing+=("$pkg")
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

# ccache, when there, makes a second build of the same sources (another
# clone, CI on the same machine) cheap; CCACHE_BASEDIR makes its keys
# independent of where the clone lies. CCACHE_DISABLE=1 turns it off.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$CASDOCTOR_ROOT}
compiler_launcher() {
  command -v ccache >/dev/null || return 0
  printf '%s\n' -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
}

configure() {
  local launcher
  launcher=$(compiler_launcher)
  cmake -S "$CASDOCTOR_ROOT" -B "$CASDOCTOR_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCASDOCTOR_WERROR=ON ${launcher:+"$launcher"} "$@" >/dev/null
}

configure_and_build() {
  configure "$@"
  cmake --build "$CASDOCTOR_BUILD" --parallel "$(nproc)"
}

# What a cold build of casdoctor and casdoctor-lab cost when measured
# (docs/performance.md, "The demo's first build"), for the estimate it shows.
casdoctor_cold_build_cpu_seconds=191

# build_targets TARGET...: configures, then builds only these targets with
# ninja's progress on stderr ([done/total] per step; one updating line on a
# terminal), and says how long it took. stdout stays free for the caller.
build_targets() {
  # ninja keeps .ninja_log from its first build on: without it, everything
  # is compiled (ninja -n cannot count the steps ahead of a fresh folder,
  # whose first step regenerates the build files).
  local first=0 start=$SECONDS
  [[ -f $CASDOCTOR_BUILD/.ninja_log ]] || first=1
  configure
  if ((first)); then
    local cores minutes
    cores=$(nproc)
    minutes=$(((casdoctor_cold_build_cpu_seconds + 60 * cores - 1) / (60 * cores)))
    log "building $* in $CASDOCTOR_BUILD for the first time: about" \
      "$(((casdoctor_cold_build_cpu_seconds + 59) / 60)) CPU-minutes, so about $minutes minute(s) on this"
    log "machine's $cores core(s) when nothing else runs (docs/performance.md); later runs build" \
      "only what changed"
  else
    log "building $* in $CASDOCTOR_BUILD (only what changed)"
  fi
  cmake --build "$CASDOCTOR_BUILD" --parallel "$(nproc)" --target "$@" >&2
  log "built $* in $((SECONDS - start)) s"
}

# Real PowerShell for the tests (tests/pwsh: the parser oracle, the Pester
# suites, the CasDoctor module): pwsh as a .NET tool and Pester from NuGet,
# both pinned, installed into a cache folder these scripts own, again only
# when a pin changes. Without the .NET SDK nothing is installed: the variables
# stay empty and every PowerShell test reports itself skipped, saying why.
# (PowerShell 7.7.0 does not install as a tool: keep naming the version.)
casdoctor_pwsh_version=7.6.10
casdoctor_pester_version=5.7.1
# nuget_download CACHE PACKAGE VERSION: a NuGet package that is no tool into
# CACHE/nuget/<package>/<version>, restored through a throwaway project.
nuget_download() {
  local cache=$1 package=$2 version=$3
  mkdir -p "$cache/restore"
  cat >"$cache/restore/restore.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="$package" Version="[$version]" /></ItemGroup>
</Project>
CSPROJ
  timeout 600 dotnet restore "$cache/restore/restore.csproj" --packages "$cache/nuget" >&2
}

# The newest .NET 10 runtime, "VERSION DIR", which the pwsh tool runs on.
dotnet_runtime() {
  dotnet --list-runtimes 2>/dev/null | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10[.]/ {
    dir = $3; gsub(/[][]/, "", dir); found = $2 " " dir "/" $2 } END { print found }'
}

# PowerShell as a .NET tool ships IL only, so every start JIT-compiles it:
# about 1 s of CPU, most of a lab test's time. Compiled ahead of time
# (ReadyToRun, by crossgen2 from NuGet for the runtime it runs on) a start
# costs half. A file crossgen2 refuses stays as it was.
pwsh_precompile() {
  local cache=$1 version=${2%% *} framework=${2#* }
  [[ -n $version && -d $framework ]] || return 1
  nuget_download "$cache" Microsoft.NETCore.App.Crossgen2.linux-x64 "$version" || return 1
  mkdir -p "$cache/r2r"
  local crossgen=$cache/nuget/microsoft.netcore.app.crossgen2.linux-x64/$version/tools/crossgen2
  local dir
  dir=$(dirname "$(find "$cache/tool/.store" -path '*/any/unix/pwsh.dll' | head -n 1)")
  [[ -x $crossgen && -f $dir/pwsh.dll ]] || return 1
  log "compiling PowerShell ahead of time (crossgen2 $version)"
  local dll
  for dll in "$dir"/*.dll; do
    printf '%s\0' "$dll"
  done | xargs -0 -P "$(nproc)" -I{} sh -c '
    out="$1/r2r/$(basename "$2")"
    if timeout 300 "$3" "$2" -o "$out" -r "$4/*.dll" -r "$5/*.dll" --targetos linux --targetarch x64 -O >/dev/null 2>&1
    then mv -f "$out" "$2"; else rm -f "$out"; fi' _ "$cache" {} "$crossgen" "$dir" "$framework"
  rm -rf "$cache/r2r"
}

pwsh_setup() {
  CASDOCTOR_PWSH='' CASDOCTOR_PESTER=''
  if ! command -v dotnet >/dev/null; then
    log "no .NET SDK (dotnet): the PowerShell tests will be skipped (install dotnet-sdk to run them)"
    return 0
  fi
  local cache="${CASDOCTOR_CACHE:-$HOME/.cache/casdoctor}/pwsh"
  local runtime
  runtime=$(dotnet_runtime)
  local want="pwsh $casdoctor_pwsh_version pester $casdoctor_pester_version r2r ${runtime:-none}"
  mkdir -p "$cache"
  (
    # One installer at a time; a second run waits, then finds it done.
    flock 9
    if [[ -x $cache/tool/pwsh && $(cat "$cache/stamp" 2>/dev/null) == "$want" ]]; then
      exit 0
    fi
    log "installing PowerShell $casdoctor_pwsh_version and Pester $casdoctor_pester_version into $cache"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    rm -rf "$cache/tool" "$cache/nuget" "$cache/restore" "$cache/stamp"
    timeout 600 dotnet tool install --tool-path "$cache/tool" PowerShell \
      --version "$casdoctor_pwsh_version" >&2
    nuget_download "$cache" Pester "$casdoctor_pester_version"
    [[ -f $cache/nuget/pester/$casdoctor_pester_version/tools/Pester.psd1 ]]
    pwsh_precompile "$cache" "$runtime" ||
      log "PowerShell stays uncompiled (each start JIT-compiles it: slower tests, same results)"
    printf '%s\n' "$want" >"$cache/stamp"
  ) 9>"$cache/.lock"
  CASDOCTOR_PWSH="$cache/tool/pwsh"
  CASDOCTOR_PESTER="$cache/nuget/pester/$casdoctor_pester_version/tools/Pester.psd1"
}

# The lab's PowerShell for the demo and the bench: casdoctor-lab runs real
# pwsh with powershell/ExchangeLab (docs/lab.md). Installs pwsh when missing;
# returns 1, saying why, where there is none.
lab_powershell_env() {
  [[ -n ${CASDOCTOR_PWSH:-} ]] || pwsh_setup
  if [[ -z ${CASDOCTOR_PWSH:-} ]]; then
    log "the lab needs PowerShell (pwsh), which needs the .NET SDK: install dotnet-sdk, then run it again"
    return 1
  fi
  export CASDOCTOR_LAB_PWSH=$CASDOCTOR_PWSH PSModulePath=$CASDOCTOR_ROOT/powershell
  export POWERSHELL_UPDATECHECK=Off POWERSHELL_TELEMETRY_OPTOUT=1
}

# Headless Chromium for tests/e2e/html_report.sh (a screenshot of the HTML
# report); only the tests need it, so only scripts/test installs it.
browser_setup() {
  command -v chromium >/dev/null && return 0
  if [[ $(id -u) -ne 0 ]]; then
    log "chromium is missing (run as root, or install it: apt-get install chromium)"
    return 1
  fi
  log "installing: chromium (for the HTML report's screenshot test)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
}
