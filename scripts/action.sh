#!/usr/bin/env bash
# The steps of the jmap GitHub Action (action.yml), as one script so they run and are
# tested outside GitHub too (tests/action.rs runs them against a fixture repository).
#
#   action.sh install    put jmap in $JMAP_INSTALL_DIR/bin (a release binary, else cargo)
#   action.sh lint       jmap lint with the action's inputs; SARIF too when asked
#   action.sh review     jmap review against the base branch; post it as a PR comment
#   action.sh conclude   fail when lint found errors or the review found new ones
#
# Every input comes from an environment variable named JMAP_<INPUT> (action.yml sets them
# from its inputs). Outputs go to $GITHUB_OUTPUT, annotations to stdout, a summary to
# $GITHUB_STEP_SUMMARY; each defaults to something harmless outside GitHub.
set -euo pipefail

GITHUB_OUTPUT=${GITHUB_OUTPUT:-/dev/null}
GITHUB_PATH=${GITHUB_PATH:-/dev/null}
GITHUB_STEP_SUMMARY=${GITHUB_STEP_SUMMARY:-/dev/null}
ACTION_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

fail() {
  echo "::error title=jmap action::$*"
  exit 2
}

output() {
  echo "$1=$2" >>"$GITHUB_OUTPUT"
}

absolute() {
  echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

truthy() {
  case "${1:-}" in
    true | True | TRUE | yes | 1) return 0 ;;
    *) return 1 ;;
  esac
}

# ---------------------------------------------------------------------------------------
# install

# The release target for this runner: Linux gets the static musl build (runs on any distro).
release_target() {
  local os=${RUNNER_OS:-$(uname -s)} arch=${RUNNER_ARCH:-$(uname -m)}
  case "$os/$arch" in
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-musl ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

# The release tag to install: the `version` input, else the tag the action was used at
# (`uses: owner/jmap@v0.2.0`). Empty when neither is a version: build from source then.
release_tag() {
  local tag=${JMAP_VERSION:-}
  if [ -z "$tag" ] && [[ ${JMAP_ACTION_REF:-} =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    tag=$JMAP_ACTION_REF
  fi
  case "$tag" in
    "" | latest) echo "$tag" ;;
    v*) echo "$tag" ;;
    *) echo "v$tag" ;;
  esac
}

# jmap, not the JDK's heap-dump tool of the same name: `jmap --version` says "jmap X.Y.Z".
is_our_jmap() {
  local version
  version=$("$1" --version 2>/dev/null) || return 1
  [[ $version =~ ^jmap\ [0-9] ]]
}

sha256_check() {
  if command -v sha256sum >/dev/null; then
    sha256sum -c "$1" >/dev/null
  else
    shasum -a 256 -c "$1" >/dev/null
  fi
}

# Downloads, verifies and unpacks the release archive into $bin. Returns 1 when there is
# none for this runner or tag (then the caller builds from source).
install_release() {
  local bin=$1 tag target base archive work
  tag=$(release_tag)
  [ -n "$tag" ] || {
    echo "No release tag (version input or a vX.Y.Z action ref): building from source."
    return 1
  }
  target=$(release_target) || {
    echo "No release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}: building from source."
    return 1
  }
  [ -n "${JMAP_REPOSITORY:-}" ] || [ -n "${JMAP_RELEASE_URL:-}" ] || {
    echo "Unknown jmap repository (the repository input): building from source."
    return 1
  }
  if [ "$tag" = latest ]; then
    base=${JMAP_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/$JMAP_REPOSITORY/releases/latest/download}
  else
    base=${JMAP_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/$JMAP_REPOSITORY/releases/download/$tag}
  fi
  case "$target" in
    *windows*) archive=jmap-$target.zip ;;
    *) archive=jmap-$target.tar.gz ;;
  esac
  work=$(mktemp -d)
  echo "Downloading $base/$archive"
  if ! curl -fsSL --retry 3 -o "$work/$archive" "$base/$archive" ||
    ! curl -fsSL --retry 3 -o "$work/$archive.sha256" "$base/$archive.sha256"; then
    echo "::warning title=jmap action::no release $archive at $base: building from source"
    return 1
  fi
  (cd "$work" && sha256_check "$archive.sha256") ||
    fail "checksum mismatch for $archive from $base"
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null; then
        unzip -q "$work/$archive" -d "$work"
      else
        powershell -NoProfile -Command "Expand-Archive -Path '$work/$archive' -DestinationPath '$work'"
      fi
      cp "$work/jmap-$target/jmap.exe" "$bin/"
      ;;
    *)
      tar -xzf "$work/$archive" -C "$work"
      cp "$work/jmap-$target/jmap" "$bin/"
      ;;
  esac
  rm -rf "$work"
}

# `cargo install --locked` from the action's own source; a cached binary built from the
# same source (see the cache key in action.yml) is used as it is.
install_cargo() {
  local root=$1
  if [ -x "$root/bin/jmap" ] && is_our_jmap "$root/bin/jmap"; then
    echo "Using the cached jmap built from this source."
    return 0
  fi
  [ -f "$ACTION_DIR/Cargo.toml" ] || fail "no jmap source at $ACTION_DIR to build"
  command -v cargo >/dev/null || fail "no release binary and no cargo to build jmap with"
  cargo install --locked --path "$ACTION_DIR" --root "$root"
}

# A cache key for the source build: the source's own hash, so a branch ref never serves
# a stale binary.
source_key() {
  local hash
  hash=$(cd "$ACTION_DIR" && find Cargo.toml Cargo.lock src -type f 2>/dev/null | LC_ALL=C sort |
    xargs cat 2>/dev/null | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-16)
  echo "jmap-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$hash"
}

cmd_install() {
  local root=${JMAP_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/jmap}
  local bin=$root/bin mode=${JMAP_INSTALL:-auto} exe=jmap
  mkdir -p "$bin"
  case "$(release_target 2>/dev/null || true)" in *windows*) exe=jmap.exe ;; esac
  case "$mode" in
    auto)
      install_release "$bin" || install_cargo "$root"
      ;;
    release)
      install_release "$bin" || fail "no release binary to install (version: $(release_tag))"
      ;;
    cargo)
      install_cargo "$root"
      ;;
    path)
      # A jmap that an earlier step put on PATH (e.g. a self-hosted runner's).
      local found
      found=$(type -P jmap) || fail "install: path, but no jmap on PATH"
      is_our_jmap "$found" ||
        fail "$found is not jmap (the JDK has a jmap too): put jmap first on PATH"
      ln -sf "$found" "$bin/$exe"
      ;;
    *) fail "install must be auto, release, cargo or path, not '$mode'" ;;
  esac
  is_our_jmap "$bin/$exe" || fail "$bin/$exe does not run as jmap"
  # First on PATH for the following steps, ahead of a JDK's jmap.
  echo "$bin" >>"$GITHUB_PATH"
  output path "$bin/$exe"
  output version "$("$bin/$exe" --version)"
  echo "Installed $("$bin/$exe" --version) at $bin/$exe"
}

cmd_cache_key() {
  output cache-key "$(source_key)"
  output cache-path "${JMAP_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/jmap}"
}

# ---------------------------------------------------------------------------------------
# lint

jmap_bin() {
  local bin=${JMAP_BIN:-}
  [ -n "$bin" ] || bin=$(type -P jmap) || fail "no jmap: run the install step first"
  echo "$bin"
}

# The shared arguments of every jmap lint run, from the inputs.
lint_args() {
  LINT_ARGS=()
  if [ -n "${JMAP_CONFIG:-}" ]; then LINT_ARGS+=(--config "$JMAP_CONFIG"); fi
  if [ -n "${JMAP_BASELINE:-}" ]; then LINT_ARGS+=(--baseline "$JMAP_BASELINE"); fi
  if truthy "${JMAP_DENY_WARNINGS:-}"; then LINT_ARGS+=(--deny-warnings); fi
  PATH_ARGS=()
  # Paths are separated by spaces or new lines.
  set -f
  # shellcheck disable=SC2206
  PATH_ARGS=(${JMAP_PATHS:-})
  set +f
}

cmd_lint() {
  local jmap status sarif_status=0 format=${JMAP_FORMAT:-github}
  jmap=$(jmap_bin)
  lint_args
  if truthy "${JMAP_SARIF:-}"; then
    local sarif=${JMAP_SARIF_FILE:-${RUNNER_TEMP:-.}/jmap.sarif}
    set +e
    "$jmap" lint ${LINT_ARGS[@]+"${LINT_ARGS[@]}"} --format sarif -o "$sarif" -- ${PATH_ARGS[@]+"${PATH_ARGS[@]}"}
    sarif_status=$?
    set -e
    [ "$sarif_status" -ne 2 ] || fail "jmap lint could not run (exit 2)"
    output sarif-file "$(absolute "$sarif")"
  fi
  set +e
  "$jmap" lint ${LINT_ARGS[@]+"${LINT_ARGS[@]}"} --format "$format" -- ${PATH_ARGS[@]+"${PATH_ARGS[@]}"}
  status=$?
  set -e
  output exit-code "$status"
  case "$status" in
    0) echo "### jmap lint: no errors" >>"$GITHUB_STEP_SUMMARY" ;;
    1) echo "### jmap lint: errors found" >>"$GITHUB_STEP_SUMMARY" ;;
    *) fail "jmap lint could not run (exit $status)" ;;
  esac
}

# ---------------------------------------------------------------------------------------
# review

MARKER='<!-- jmap-review -->'

# `origin/<base>`, fetched (one commit is enough: review diffs against it) when missing.
base_revision() {
  local base=${JMAP_REVIEW_BASE:-${GITHUB_BASE_REF:-}}
  [ -n "$base" ] || fail "review needs a base branch (review-base input, or a pull_request event)"
  if git rev-parse --verify -q "$base^{commit}" >/dev/null; then
    echo "$base"
    return
  fi
  if ! git rev-parse --verify -q "origin/$base^{commit}" >/dev/null; then
    git fetch --no-tags --depth=1 origin "+refs/heads/$base:refs/remotes/origin/$base" >&2 ||
      fail "cannot fetch the base branch $base"
  fi
  echo "origin/$base"
}

# Keeps the action's own checkout (when it sits inside the repository, as with
# `uses: ./.jmap`) out of the files jmap review sees as changed.
ignore_action_dir() {
  local top relative exclude
  top=$(git rev-parse --show-toplevel 2>/dev/null) || return 0
  case "$ACTION_DIR/" in
    "$top"/*)
      relative=${ACTION_DIR#"$top"/}
      exclude=$(git rev-parse --git-path info/exclude)
      mkdir -p "$(dirname "$exclude")"
      grep -qxF "/$relative/" "$exclude" 2>/dev/null || echo "/$relative/" >>"$exclude"
      ;;
  esac
}

# Posts the comment, or updates the one an earlier run posted (found by its marker).
post_comment() {
  local file=$1 pr=${JMAP_PR_NUMBER:-} repo=${GITHUB_REPOSITORY:-} id
  if [ -z "$pr" ] || [ -z "$repo" ]; then
    echo "Not a pull request: the review is in $file and the job summary."
    return 0
  fi
  command -v gh >/dev/null || fail "posting the comment needs the gh CLI"
  export GH_TOKEN=${JMAP_GITHUB_TOKEN:-${GH_TOKEN:-}}
  id=$(gh api "repos/$repo/issues/$pr/comments" --paginate \
    --jq ".[] | select(.body | contains(\"$MARKER\")) | .id" | tail -n 1) || id=
  if [ -n "$id" ]; then
    gh api -X PATCH "repos/$repo/issues/comments/$id" -F "body=@$file" >/dev/null ||
      echo "::warning title=jmap action::cannot update the review comment (fork pull request?)"
  else
    gh api "repos/$repo/issues/$pr/comments" -F "body=@$file" >/dev/null ||
      echo "::warning title=jmap action::cannot post the review comment (fork pull request?)"
  fi
}

cmd_review() {
  local jmap base status file=${JMAP_REVIEW_FILE:-${RUNNER_TEMP:-.}/jmap-review.md}
  jmap=$(jmap_bin)
  lint_args
  base=$(base_revision)
  ignore_action_dir
  local config=()
  if [ -n "${JMAP_CONFIG:-}" ]; then config=(--config "$JMAP_CONFIG"); fi
  set +e
  "$jmap" review --base "$base" ${config[@]+"${config[@]}"} -o "$file" -- ${PATH_ARGS[@]+"${PATH_ARGS[@]}"}
  status=$?
  set -e
  [ "$status" -ne 2 ] || fail "jmap review could not run (exit 2)"
  printf '\n%s\n' "$MARKER" >>"$file"
  output review-exit-code "$status"
  output review-file "$(absolute "$file")"
  cat "$file" >>"$GITHUB_STEP_SUMMARY"
  if truthy "${JMAP_COMMENT:-true}"; then post_comment "$file"; fi
}

# ---------------------------------------------------------------------------------------
# conclude

cmd_conclude() {
  local failed=0
  if [ "${JMAP_LINT_EXIT_CODE:-0}" = 1 ]; then
    echo "::error title=jmap lint::the journeys have lint errors (see the annotations above)"
    failed=1
  fi
  if [ "${JMAP_REVIEW_EXIT_CODE:-0}" = 1 ]; then
    echo "::error title=jmap review::this pull request adds journey lint errors the base did not have"
    failed=1
  fi
  exit "$failed"
}

case "${1:-}" in
  install) cmd_install ;;
  cache-key) cmd_cache_key ;;
  lint) cmd_lint ;;
  review) cmd_review ;;
  conclude) cmd_conclude ;;
  *)
    echo "usage: action.sh install|cache-key|lint|review|conclude" >&2
    exit 2
    ;;
esac
