#!/bin/sh
# Makes the media the examples use, with the ffmpeg CLI only (nothing is
# downloaded, and the files are not committed):
#
#   footage.mp4  1920x1080 30 fps H.264, 8 s: slowly drifting gradients under a
#                faint grid, with a quiet AAC tone (so the clip has audio)
#   music.m4a    8 s of a soft C major chord with a gentle tremolo, faded in
#                and out (AAC)
#
# Encoders run single-threaded with bit-exact flags, so the same ffmpeg
# build makes the same bytes every time.
#
# usage: scripts/make_example_media.sh [--small] [DIR]
#   DIR      where to write (default examples/media)
#   --small  a 320x180, 1 s version, for tests that only need valid files
set -eu

cd "$(dirname "$0")/.."
SIZE=1920x1080
SECONDS_LONG=8
PRESET=veryfast
if [ "${1:-}" = "--small" ]; then
    SIZE=320x180
    SECONDS_LONG=1
    PRESET=ultrafast
    shift
fi
DIR=${1:-examples/media}
command -v ffmpeg >/dev/null || { echo "make_example_media.sh: ffmpeg is needed (scripts/deps.sh installs it)" >&2; exit 2; }
mkdir -p "$DIR"

# -nostdin: never wait for a key; -y: replace older files.
FF="ffmpeg -nostdin -hide_banner -loglevel error -y -fflags +bitexact"

$FF -f lavfi -i "gradients=s=$SIZE:r=30:d=$SECONDS_LONG:c0=0x0B1F3A:c1=0x1E6091:c2=0x168AAD:c3=0x52B69A:nb_colors=4:speed=0.015:seed=7" \
    -f lavfi -i "sine=frequency=220:sample_rate=48000:duration=$SECONDS_LONG" \
    -filter_complex "[0:v]drawgrid=w=120:h=120:t=1:c=white@0.06,format=yuv420p[v];[1:a]volume=0.05[a]" \
    -map "[v]" -map "[a]" \
    -c:v libx264 -preset "$PRESET" -crf 20 -threads 1 -g 30 -flags:v +bitexact \
    -color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv \
    -c:a aac -b:a 128k -flags:a +bitexact -movflags +faststart \
    "$DIR/footage.mp4"

CHORD="0.10*sin(2*PI*261.63*t)+0.08*sin(2*PI*329.63*t)+0.07*sin(2*PI*392.00*t)+0.05*sin(2*PI*130.81*t)"
$FF -f lavfi -i "aevalsrc=exprs='($CHORD)*(0.85+0.15*sin(2*PI*0.5*t))':s=48000:d=$SECONDS_LONG:c=stereo" \
    -af "afade=t=in:d=1,afade=t=out:st=$((SECONDS_LONG - 1)):d=1" \
    -c:a aac -b:a 128k -flags:a +bitexact \
    "$DIR/music.m4a"

echo "make_example_media.sh: wrote $DIR/footage.mp4 and $DIR/music.m4a"
