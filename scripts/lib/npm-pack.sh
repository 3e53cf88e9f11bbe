# Sourced by the setup scripts: fetch one npm package's tarball without installing it.
# npm_pack TAG PACKAGE VERSION WORKDIR TIMEOUT_S -> prints the tarball's path; on failure says why (prefixed TAG) and returns 1.
# `npm pack` only downloads: no install scripts run.
npm_pack() {
  local tag="$1" package="$2" version="$3" work="$4" limit="$5"
  if ! command -v npm >/dev/null 2>&1; then
    echo "$tag: npm is not installed; cannot fetch $package" >&2
    return 1
  fi
  if ! (cd "$work" && timeout "$limit" npm pack --silent "$package@$version" >/dev/null 2>"$work/npm.err"); then
    echo "$tag: could not fetch $package@$version from the npm registry:" >&2
    tail -n 5 "$work/npm.err" >&2 || true
    return 1
  fi
  local tarball
  tarball="$(ls "$work"/*.tgz 2>/dev/null | head -n 1)"
  if [ -z "$tarball" ]; then
    echo "$tag: npm pack produced no tarball for $package@$version" >&2
    return 1
  fi
  echo "$tarball"
}
