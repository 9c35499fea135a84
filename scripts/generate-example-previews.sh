#!/bin/sh
# Makes the example app's preview video once (previews/en-US/iphone-6.9/01-intro.mp4):
# 16 s of solid colour at 886x1920 (an accepted iPhone 6.9" size), 30 fps, H.264 at the
# lowest quality, with a silent stereo AAC track, so the file stays near 50 KB. The
# tests make their variants (wrong duration, size, frame rate, codec, truncated, no
# audio) from it by editing boxes in memory; neither they nor CI run ffmpeg.
#   sh scripts/generate-example-previews.sh      (needs ffmpeg with libx264)
set -eu
cd "$(dirname "$0")/.."
out=previews/en-US/iphone-6.9
mkdir -p "$out"
ffmpeg -v error -y -f lavfi -i "color=c=0x2e86de:s=886x1920:r=30:d=16" -f lavfi -i "anullsrc=r=44100:cl=stereo" \
  -t 16 -c:v libx264 -preset veryslow -crf 51 -g 480 -pix_fmt yuv420p -c:a aac -b:a 8k -shortest \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -movflags +faststart "$out/01-intro.mp4"
ls -l "$out/01-intro.mp4"
