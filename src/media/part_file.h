/* Part files: the encoded segments of one share of a render, written by
 * `reel render --segments K/N` and joined by `reel join` without re-encoding.
 *
 * A part holds the render's settings (as text, so join can open the same
 * muxer), a fingerprint of scene + settings (so parts of different renders are
 * never mixed), which segments it covers, and their packets exactly as the
 * encoders produced them. Joining all parts in segment order feeds the muxer
 * the same packets as a single render, so the joined file is byte-identical.
 *
 * Layout: the line "REELPART 1\n", then "key=value\n" lines ending with an
 * empty line, then per packet a 40-byte little-endian record (segment u32,
 * flags u32, pts i64, dts i64, duration i64, size u32, stream u32) followed
 * by size payload bytes. Stream 0 is video, 1 audio: a part starts with the
 * audio packets of its time span (see audio_encode.h), then its video. */
#ifndef REEL_PART_FILE_H
#define REEL_PART_FILE_H

#include <stdint.h>
#include <stdio.h>

#include "media/packet_list.h"

#define PART_MAX_FIELDS 32

/* Large (about 70 KiB): allocate it, don't put it on a stack. */
typedef struct part_header {
    int field_count;
    char keys[PART_MAX_FIELDS][32];
    char values[PART_MAX_FIELDS][2200];
} part_header;

/* Sets or reads a header field; part_get returns NULL when absent. */
void part_set(part_header *h, const char *key, const char *value);
const char *part_get(const part_header *h, const char *key);

/* Writing: header first, then each segment's packets in order. */
int part_write_header(FILE *f, const part_header *h);
int part_write_packets(FILE *f, int64_t segment, const packet_list *pkts);

/* Reading: the header, then packets one by one until *done. pkt receives a
 * new payload reference; segment is the packet's segment index. */
int part_read_header(FILE *f, part_header *h, char *err, size_t errsize);
int part_read_packet(FILE *f, AVPacket *pkt, int64_t *segment, int *done, char *err, size_t errsize);

#endif
