/* reel sheet: a contact sheet of evenly spaced frames, each labelled with its
 * time and frame number. Frames come from the public API (reel_render_frame);
 * labels use a built-in 5x7 pixel font, so the sheet is as deterministic as
 * the frames themselves and needs no font from the machine. */
#include <cairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/sheet.h"
#include "reel.h"

#define LABEL_SCALE 2
#define GAP 4

static const char *usage_sheet =
    "usage: reel sheet SCENE -o OUT.png [--frames N] [--columns C] [--width W]\n"
    "\n"
    "Renders N evenly spaced frames (first to last, default 12) into a grid of C\n"
    "columns (default 4), W pixels wide in all (default 1600), each tile labelled\n"
    "with its time and frame number.\n";

/* Rows of 5 bits, top to bottom. */
static const struct { char c; unsigned char rows[7]; } glyphs[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}}, {'s', {0x00, 0x00, 0x0E, 0x10, 0x0E, 0x01, 0x1E}},
    {'f', {0x06, 0x09, 0x08, 0x1C, 0x08, 0x08, 0x08}}, {' ', {0, 0, 0, 0, 0, 0, 0}},
};

static void draw_text(uint8_t *data, int stride, int w, int h, int x, int y, const char *text)
{
    for (const char *c = text; *c; c++, x += 6 * LABEL_SCALE) {
        size_t g = 0;
        while (g < sizeof glyphs / sizeof glyphs[0] && glyphs[g].c != *c)
            g++;
        if (g == sizeof glyphs / sizeof glyphs[0])
            continue;
        for (int row = 0; row < 7 * LABEL_SCALE; row++)
            for (int col = 0; col < 5 * LABEL_SCALE; col++) {
                int px = x + col, py = y + row;
                if (px < 0 || py < 0 || px >= w || py >= h)
                    continue;
                if (glyphs[g].rows[row / LABEL_SCALE] & (0x10 >> (col / LABEL_SCALE)))
                    ((uint32_t *)(data + (size_t)py * (size_t)stride))[px] = 0xFFFFFFFF;
            }
    }
}

static bool parse_count(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "reel: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage_sheet);
    return 2;
}

int cmd_sheet(int argc, char **argv)
{
    const char *scene_path = NULL, *out = NULL;
    long frames = 12, columns = 4, width = 1600;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_sheet, stdout);
            return 0;
        }
        bool takes = !strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--frames") ||
                     !strcmp(a, "--columns") || !strcmp(a, "--width");
        if (takes && i + 1 >= argc)
            return bad("%s needs a value", a);
        if (!strcmp(a, "-o") || !strcmp(a, "--output"))
            out = argv[++i];
        else if (!strcmp(a, "--frames")) {
            if (!parse_count(argv[++i], 1, 1000, &frames))
                return bad("--frames expects a whole number from 1 to 1000, got \"%s\"", argv[i]);
        } else if (!strcmp(a, "--columns")) {
            if (!parse_count(argv[++i], 1, 100, &columns))
                return bad("--columns expects a whole number from 1 to 100, got \"%s\"", argv[i]);
        } else if (!strcmp(a, "--width")) {
            if (!parse_count(argv[++i], 16, 16384, &width))
                return bad("--width expects a whole number from 16 to 16384, got \"%s\"", argv[i]);
        } else if (a[0] == '-' && a[1])
            return bad("unknown option %s", a);
        else if (!scene_path)
            scene_path = a;
        else
            return bad("unexpected argument %s", a);
    }
    if (!scene_path)
        return bad("%s", "missing SCENE");
    if (!out || !*out)
        return bad("%s", "missing -o OUT.png");

    reel_diag d;
    reel_scene *scene = NULL;
    char msg[2048];
    if (reel_scene_load_file(&scene, scene_path, &d)) {
        fprintf(stderr, "%s\n", reel_diag_format(&d, msg, sizeof msg));
        return 2;
    }
    reel_scene_info info;
    reel_scene_get_info(scene, &info);
    if (frames > info.frames)
        frames = (long)info.frames;
    if (columns > frames)
        columns = frames;
    long rows = (frames + columns - 1) / columns;
    int tile_w = (int)((width - GAP * (columns + 1)) / columns);
    if (tile_w < 8) {
        reel_scene_free(&scene);
        return bad("%s", "--width is too small for that many columns");
    }
    int pic_h = (int)((long long)tile_w * info.height / info.width);
    int label_h = 7 * LABEL_SCALE + 8;
    int tile_h = pic_h + label_h;
    int sheet_h = (int)(GAP + rows * (tile_h + GAP));
    cairo_surface_t *sheet = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)width, sheet_h);
    cairo_surface_t *frame = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, info.width, info.height);
    int rc = 0;
    if (cairo_surface_status(sheet) || cairo_surface_status(frame)) {
        fprintf(stderr, "reel: out of memory for a %ldx%d sheet\n", width, sheet_h);
        rc = 1;
    }
    cairo_t *cr = rc ? NULL : cairo_create(sheet);
    if (cr) {
        cairo_set_source_rgb(cr, 0.07, 0.07, 0.08);
        cairo_paint(cr);
    }
    for (long i = 0; i < frames && rc == 0; i++) {
        /* Evenly spaced from the first frame to the last, in integers. */
        int64_t f = frames == 1 ? 0 : (i * (info.frames - 1) + (frames - 1) / 2) / (frames - 1);
        cairo_surface_flush(frame);
        if (reel_render_frame(scene, f, cairo_image_surface_get_data(frame), cairo_image_surface_get_stride(frame), &d)) {
            fprintf(stderr, "%s\n", reel_diag_format(&d, msg, sizeof msg));
            rc = 1;
            break;
        }
        cairo_surface_mark_dirty(frame);
        double x = GAP + (double)(i % columns) * (tile_w + GAP), y = GAP + (double)(i / columns) * (tile_h + GAP);
        cairo_save(cr);
        cairo_rectangle(cr, x, y, tile_w, pic_h);
        cairo_clip(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, (double)tile_w / info.width, (double)pic_h / info.height);
        cairo_set_source_surface(cr, frame, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_restore(cr);
        /* The time as exact integer arithmetic: hundredths of a second, rounded half up. */
        int64_t centi = (f * info.fps_den * 100 + info.fps_num / 2) / info.fps_num;
        char label[64];
        snprintf(label, sizeof label, "%lld.%02llds f%lld", (long long)(centi / 100), (long long)(centi % 100),
                 (long long)f);
        cairo_surface_flush(sheet);
        draw_text(cairo_image_surface_get_data(sheet), cairo_image_surface_get_stride(sheet), (int)width, sheet_h,
                  (int)x + 4, (int)y + pic_h + 4, label);
        cairo_surface_mark_dirty(sheet);
    }
    if (rc == 0) {
        size_t n = strlen(out) + 16;
        char *tmp = malloc(n);
        snprintf(tmp, n, "%s.part", out);
        if (cairo_surface_write_to_png(sheet, tmp) != CAIRO_STATUS_SUCCESS || rename(tmp, out) != 0) {
            remove(tmp);
            fprintf(stderr, "reel: cannot write %s\n", out);
            rc = 1;
        }
        free(tmp);
    }
    if (cr)
        cairo_destroy(cr);
    cairo_surface_destroy(frame);
    cairo_surface_destroy(sheet);
    reel_scene_free(&scene);
    return rc;
}
