/* Part files (see part_file.h for the layout and why). */
#include "media/part_file.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <libavutil/error.h>

#define MAGIC "REELPART 1\n"
#define MAX_PACKET (256u * 1024 * 1024)

void part_set(part_header *h, const char *key, const char *value)
{
    for (int i = 0; i < h->field_count; i++)
        if (strcmp(h->keys[i], key) == 0) {
            snprintf(h->values[i], sizeof h->values[i], "%s", value);
            return;
        }
    if (h->field_count < PART_MAX_FIELDS) {
        snprintf(h->keys[h->field_count], sizeof h->keys[0], "%s", key);
        snprintf(h->values[h->field_count], sizeof h->values[0], "%s", value);
        h->field_count++;
    }
}

const char *part_get(const part_header *h, const char *key)
{
    for (int i = 0; i < h->field_count; i++)
        if (strcmp(h->keys[i], key) == 0)
            return h->values[i];
    return NULL;
}

int part_write_header(FILE *f, const part_header *h)
{
    if (fputs(MAGIC, f) < 0)
        return AVERROR(EIO);
    for (int i = 0; i < h->field_count; i++)
        if (fprintf(f, "%s=%s\n", h->keys[i], h->values[i]) < 0)
            return AVERROR(EIO);
    return fputs("\n", f) < 0 ? AVERROR(EIO) : 0;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_i64(uint8_t *p, int64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)((uint64_t)v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int64_t get_i64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return (int64_t)v;
}

int part_write_packets(FILE *f, int64_t segment, const packet_list *pkts)
{
    for (size_t i = 0; i < pkts->count; i++) {
        const AVPacket *p = pkts->items[i];
        uint8_t rec[40];
        put_u32(rec, (uint32_t)segment);
        put_u32(rec + 4, (uint32_t)p->flags);
        put_i64(rec + 8, p->pts);
        put_i64(rec + 16, p->dts);
        put_i64(rec + 24, p->duration);
        put_u32(rec + 32, (uint32_t)p->size);
        put_u32(rec + 36, (uint32_t)p->stream_index);   /* 0 video, 1 audio */
        if (fwrite(rec, 1, sizeof rec, f) != sizeof rec ||
            (p->size > 0 && fwrite(p->data, 1, (size_t)p->size, f) != (size_t)p->size))
            return AVERROR(EIO);
    }
    return 0;
}

int part_read_header(FILE *f, part_header *h, char *err, size_t errsize)
{
    memset(h, 0, sizeof *h);
    char line[2300];
    if (!fgets(line, sizeof line, f) || strcmp(line, MAGIC) != 0) {
        snprintf(err, errsize, "not a reel part file (made by reel render --segments K/N)");
        return AVERROR_INVALIDDATA;
    }
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        if (n == 0 || line[n - 1] != '\n')
            break;
        line[--n] = '\0';
        if (n == 0)
            return 0;
        char *eq = strchr(line, '=');
        if (!eq || h->field_count >= PART_MAX_FIELDS)
            break;
        *eq = '\0';
        part_set(h, line, eq + 1);
    }
    snprintf(err, errsize, "damaged part file header");
    return AVERROR_INVALIDDATA;
}

int part_read_packet(FILE *f, AVPacket *pkt, int64_t *segment, int *done, char *err, size_t errsize)
{
    uint8_t rec[40];
    size_t got = fread(rec, 1, sizeof rec, f);
    *done = 0;
    if (got == 0 && feof(f)) {
        *done = 1;
        return 0;
    }
    uint32_t size = got == sizeof rec ? get_u32(rec + 32) : 0;
    if (got != sizeof rec || size > MAX_PACKET) {
        snprintf(err, errsize, "part file is truncated or damaged");
        return AVERROR_INVALIDDATA;
    }
    av_packet_unref(pkt);
    if (av_new_packet(pkt, (int)size) < 0) {
        snprintf(err, errsize, "out of memory");
        return AVERROR(ENOMEM);
    }
    if (fread(pkt->data, 1, size, f) != size) {
        snprintf(err, errsize, "part file is truncated or damaged");
        return AVERROR_INVALIDDATA;
    }
    *segment = get_u32(rec);
    pkt->flags = (int)get_u32(rec + 4);
    pkt->pts = get_i64(rec + 8);
    pkt->dts = get_i64(rec + 16);
    pkt->duration = get_i64(rec + 24);
    pkt->stream_index = (int)get_u32(rec + 36);
    return 0;
}
