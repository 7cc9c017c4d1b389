#!/usr/bin/env bash
# Packs one release binary the way the action (scripts/action.sh), cargo-binstall
# ([package.metadata.binstall] in Cargo.toml) and the install docs expect it:
#
#   OUT/jmap-TARGET.tar.gz          (jmap-TARGET/jmap, README.md)   Linux, macOS
#   OUT/jmap-TARGET.zip             (jmap-TARGET/jmap.exe, README.md) Windows
#   OUT/jmap-TARGET.<ext>.sha256    "<sha256>  jmap-TARGET.<ext>", for sha256sum -c
#
# usage: scripts/package-release.sh BINARY TARGET OUT
# .github/workflows/release.yml runs it for each target; tests/action.rs runs it locally.
set -euo pipefail

binary=$1 target=$2 out=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=jmap-$target
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
case "$target" in
  *windows*)
    cp "$binary" "$stage/$name/jmap.exe"
    archive=$name.zip
    ;;
  *)
    cp "$binary" "$stage/$name/jmap"
    chmod 755 "$stage/$name/jmap"
    archive=$name.tar.gz
    ;;
esac
cp "$root/README.md" "$stage/$name/"
cd "$stage"
case "$archive" in
  *.zip)
    if command -v 7z >/dev/null; then 7z a -tzip -bd "$out/$archive" "$name" >/dev/null; else zip -qr "$out/$archive" "$name"; fi
    ;;
  *)
    # Sorted, fixed owner and mtime: the same binary packs to the same bytes.
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -czf "$out/$archive" "$name" 2>/dev/null ||
      tar -czf "$out/$archive" "$name"
    ;;
esac
cd "$out"
if command -v sha256sum >/dev/null; then
  sha256sum "$archive" >"$archive.sha256"
else
  shasum -a 256 "$archive" >"$archive.sha256"
fi
echo "$out/$archive"
