/* SVG path data: parser (with exact error offsets), morph interpolation, and
 * conversion to cairo's move/line/cubic/close vocabulary. See svg_path.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/numparse.h"
#include "util/svg_path.h"

static const char *const arg_names[26] = {
    ['A' - 'A'] = "rx ry x-axis-rotation large-arc-flag sweep-flag x y",
    ['C' - 'A'] = "x1 y1 x2 y2 x y",
    ['H' - 'A'] = "x",
    ['L' - 'A'] = "x y",
    ['M' - 'A'] = "x y",
    ['Q' - 'A'] = "x1 y1 x y",
    ['S' - 'A'] = "x2 y2 x y",
    ['T' - 'A'] = "x y",
    ['V' - 'A'] = "y",
    ['Z' - 'A'] = "",
};

int svg_path_arg_count(char cmd)
{
    switch (cmd) {
    case 'M': case 'm': case 'L': case 'l': case 'T': case 't': return 2;
    case 'H': case 'h': case 'V': case 'v': return 1;
    case 'C': case 'c': return 6;
    case 'S': case 's': case 'Q': case 'q': return 4;
    case 'A': case 'a': return 7;
    case 'Z': case 'z': return 0;
    default: return -1;
    }
}

static bool is_wsp(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool starts_number(char c)
{
    return is_digit(c) || c == '-' || c == '+' || c == '.';
}

/* The name of argument i of cmd ("x1", "sweep-flag"), into buf. */
static const char *arg_name(char cmd, int i, char *buf, size_t size)
{
    const char *names = arg_names[(cmd & ~0x20) - 'A'];
    for (int k = 0; k < i && names; k++) {
        names = strchr(names, ' ');
        names = names ? names + 1 : NULL;
    }
    size_t n = names ? strcspn(names, " ") : 0;
    snprintf(buf, size, "%.*s", (int)n, names ? names : "");
    return buf;
}

static void describe_got(const char *s, size_t pos, char *buf, size_t size)
{
    if (!s[pos])
        snprintf(buf, size, "the end");
    else if ((unsigned char)s[pos] < 0x20 || (unsigned char)s[pos] >= 0x7f)
        snprintf(buf, size, "byte 0x%02X", (unsigned char)s[pos]);
    else
        snprintf(buf, size, "\"%c\"", s[pos]);
}

/* Scans one number at s[*pos]; on success advances *pos past it. */
static bool scan_number(const char *s, size_t *pos, double *out)
{
    size_t i = *pos, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (is_digit(s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (is_digit(s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return false;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (is_digit(s[j])) {
            while (is_digit(s[j]))
                j++;
            i = j;
        }
    }
    if (!num_parse_css(s + *pos, i - *pos, out) || !isfinite(*out))
        return false;
    *pos = i;
    return true;
}

static void skip_wsp(const char *s, size_t *pos)
{
    while (is_wsp(s[*pos]))
        (*pos)++;
}

/* Whitespace with at most one comma. */
static void skip_separator(const char *s, size_t *pos)
{
    skip_wsp(s, pos);
    if (s[*pos] == ',') {
        (*pos)++;
        skip_wsp(s, pos);
    }
}

static bool push_seg(path_data *p, size_t *cap, const path_seg *seg)
{
    if (p->count == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        path_seg *grown = realloc(p->segs, n * sizeof *grown);
        if (!grown)
            return false;
        p->segs = grown;
        *cap = n;
    }
    p->segs[p->count++] = *seg;
    return true;
}

static bool fail(path_data *out, char *err, size_t errsize, const char *fmt, size_t pos, const char *a,
                 const char *b)
{
    char msg[200];
    snprintf(msg, sizeof msg, fmt, a, b);
    snprintf(err, errsize, "at offset %zu: %s", pos, msg);
    path_data_free(out);
    return false;
}

bool path_data_parse(const char *s, path_data *out, char *err, size_t errsize)
{
    *out = (path_data){0};
    size_t cap = 0, pos = 0;
    char got[32], name[40];
    skip_wsp(s, &pos);
    if (s[pos] != 'M' && s[pos] != 'm') {
        describe_got(s, pos, got, sizeof got);
        return fail(out, err, errsize, "expected a moveto command (M or m), got %s%s", pos, got, "");
    }
    while (s[pos]) {
        char cmd = s[pos];
        int n = svg_path_arg_count(cmd);
        if (n < 0) {
            describe_got(s, pos, got, sizeof got);
            return fail(out, err, errsize, "expected a command (M, L, H, V, C, S, Q, T, A or Z) or a number, "
                        "got %s%s", pos, got, "");
        }
        pos++;
        for (bool first = true;; first = false) {
            path_seg seg = {.cmd = cmd};
            skip_wsp(s, &pos);
            if (!first && (n == 0 || !starts_number(s[pos])))
                break;
            for (int i = 0; i < n; i++) {
                if (i > 0)
                    skip_separator(s, &pos);
                bool flag = (cmd == 'A' || cmd == 'a') && (i == 3 || i == 4);
                if (flag) {
                    if (s[pos] != '0' && s[pos] != '1') {
                        describe_got(s, pos, got, sizeof got);
                        char what[64];
                        snprintf(what, sizeof what, "%s of %c", arg_name(cmd, i, name, sizeof name), cmd);
                        return fail(out, err, errsize, "expected a flag 0 or 1 for the %s, got %s", pos, what, got);
                    }
                    seg.a[i] = s[pos++] - '0';
                } else if (!scan_number(s, &pos, &seg.a[i])) {
                    describe_got(s, pos, got, sizeof got);
                    char what[64];
                    snprintf(what, sizeof what, "%s of %c", arg_name(cmd, i, name, sizeof name), cmd);
                    return fail(out, err, errsize, "expected a number for the %s, got %s", pos, what, got);
                }
            }
            if (!push_seg(out, &cap, &seg))
                return fail(out, err, errsize, "out of memory%s%s", pos, "", "");
            if (n == 0)
                break;
            /* Numbers after a moveto's first pair are implicit linetos. */
            if (cmd == 'M')
                cmd = 'L';
            else if (cmd == 'm')
                cmd = 'l';
            skip_wsp(s, &pos);
            if (s[pos] == ',') {
                pos++;
                skip_wsp(s, &pos);
                if (!starts_number(s[pos])) {
                    describe_got(s, pos, got, sizeof got);
                    return fail(out, err, errsize, "expected a number after the comma, got %s%s", pos, got, "");
                }
            }
        }
    }
    return true;
}

void path_data_free(path_data *p)
{
    if (!p)
        return;
    free(p->segs);
    *p = (path_data){0};
}

void path_anim_free(path_anim *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->count; i++)
        path_data_free(&a->keys[i]);
    free(a->keys);
    free(a);
}

bool path_data_same_structure(const path_data *a, const path_data *b, size_t *where)
{
    size_t n = a->count < b->count ? a->count : b->count;
    for (size_t i = 0; i < n; i++)
        if (a->segs[i].cmd != b->segs[i].cmd) {
            *where = i;
            return false;
        }
    *where = n;
    return a->count == b->count;
}

void path_data_lerp(const path_data *a, const path_data *b, double u, path_data *out)
{
    for (size_t i = 0; i < a->count; i++) {
        const path_seg *x = &a->segs[i], *y = &b->segs[i];
        path_seg *o = &out->segs[i];
        o->cmd = x->cmd;
        for (int k = 0; k < 7; k++)
            o->a[k] = x->a[k] + (y->a[k] - x->a[k]) * u;
        if (x->cmd == 'A' || x->cmd == 'a') {
            const path_seg *f = u >= 1 ? y : x;
            o->a[3] = f->a[3];
            o->a[4] = f->a[4];
        }
    }
    out->count = a->count;
}

/* One elliptical arc from (x1, y1) to (x2, y2), per the SVG implementation
 * notes (endpoint to center parameterization), as cubics of at most 90°. */
static void emit_arc(cairo_t *cr, double x1, double y1, double rx, double ry, double phi_deg, bool large,
                     bool sweep, double x2, double y2)
{
    if (x1 == x2 && y1 == y2)
        return;
    rx = fabs(rx);
    ry = fabs(ry);
    if (rx == 0 || ry == 0) {
        cairo_line_to(cr, x2, y2);
        return;
    }
    double phi = fmod(phi_deg, 360.0) * (M_PI / 180.0);
    double cp = cos(phi), sp = sin(phi);
    double dx = (x1 - x2) / 2, dy = (y1 - y2) / 2;
    double x1p = cp * dx + sp * dy, y1p = -sp * dx + cp * dy;
    double lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
    if (lambda > 1) {
        double r = sqrt(lambda);
        rx *= r;
        ry *= r;
    }
    double num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
    double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
    double coef = den > 0 && num > 0 ? sqrt(num / den) : 0;
    if (large == sweep)
        coef = -coef;
    double cxp = coef * rx * y1p / ry, cyp = -coef * ry * x1p / rx;
    double cx = cp * cxp - sp * cyp + (x1 + x2) / 2, cy = sp * cxp + cp * cyp + (y1 + y2) / 2;
    double ux = (x1p - cxp) / rx, uy = (y1p - cyp) / ry, vx = (-x1p - cxp) / rx, vy = (-y1p - cyp) / ry;
    double theta1 = atan2(uy, ux);
    double dtheta = atan2(ux * vy - uy * vx, ux * vx + uy * vy);
    if (!sweep && dtheta > 0)
        dtheta -= 2 * M_PI;
    else if (sweep && dtheta < 0)
        dtheta += 2 * M_PI;
    int segs = (int)ceil(fabs(dtheta) / (M_PI / 2) - 1e-9);
    if (segs < 1)
        segs = 1;
    double delta = dtheta / segs, k = 4.0 / 3.0 * tan(delta / 4);
    double t = theta1;
    for (int i = 0; i < segs; i++) {
        double c1 = cos(t), s1 = sin(t), c2 = cos(t + delta), s2 = sin(t + delta);
        /* Unit-circle control points, then scale by the radii, rotate, move. */
        double p[3][2] = {{c1 - k * s1, s1 + k * c1}, {c2 + k * s2, s2 - k * c2}, {c2, s2}};
        double q[3][2];
        for (int j = 0; j < 3; j++) {
            double ex = p[j][0] * rx, ey = p[j][1] * ry;
            q[j][0] = cp * ex - sp * ey + cx;
            q[j][1] = sp * ex + cp * ey + cy;
        }
        if (i == segs - 1) {
            q[2][0] = x2;       /* land exactly on the written endpoint */
            q[2][1] = y2;
        }
        cairo_curve_to(cr, q[0][0], q[0][1], q[1][0], q[1][1], q[2][0], q[2][1]);
        t += delta;
    }
}

void path_data_emit(cairo_t *cr, const path_data *p)
{
    double x = 0, y = 0, sx = 0, sy = 0;       /* current point, subpath start */
    double cx = 0, cy = 0;                      /* last control point, for S and T */
    char prev = 0;
    for (size_t i = 0; i < p->count; i++) {
        const path_seg *g = &p->segs[i];
        const double *a = g->a;
        bool rel = g->cmd >= 'a';
        double ox = rel ? x : 0, oy = rel ? y : 0;
        char up = (char)(g->cmd & ~0x20);
        switch (up) {
        case 'M':
            x = sx = ox + a[0];
            y = sy = oy + a[1];
            cairo_move_to(cr, x, y);
            break;
        case 'L':
            x = ox + a[0];
            y = oy + a[1];
            cairo_line_to(cr, x, y);
            break;
        case 'H':
            x = ox + a[0];
            cairo_line_to(cr, x, y);
            break;
        case 'V':
            y = oy + a[0];
            cairo_line_to(cr, x, y);
            break;
        case 'C':
        case 'S': {
            double x1, y1;
            const double *r = up == 'C' ? a + 2 : a;
            if (up == 'C') {
                x1 = ox + a[0];
                y1 = oy + a[1];
            } else if (prev == 'C' || prev == 'S') {
                x1 = 2 * x - cx;
                y1 = 2 * y - cy;
            } else {
                x1 = x;
                y1 = y;
            }
            cx = ox + r[0];
            cy = oy + r[1];
            x = ox + r[2];
            y = oy + r[3];
            cairo_curve_to(cr, x1, y1, cx, cy, x, y);
            break;
        }
        case 'Q':
        case 'T': {
            double qx, qy, nx, ny;
            if (up == 'Q') {
                qx = ox + a[0];
                qy = oy + a[1];
                nx = ox + a[2];
                ny = oy + a[3];
            } else {
                bool smooth = prev == 'Q' || prev == 'T';
                qx = smooth ? 2 * x - cx : x;
                qy = smooth ? 2 * y - cy : y;
                nx = ox + a[0];
                ny = oy + a[1];
            }
            cairo_curve_to(cr, x + 2.0 / 3.0 * (qx - x), y + 2.0 / 3.0 * (qy - y),
                           nx + 2.0 / 3.0 * (qx - nx), ny + 2.0 / 3.0 * (qy - ny), nx, ny);
            cx = qx;
            cy = qy;
            x = nx;
            y = ny;
            break;
        }
        case 'A': {
            double nx = ox + a[5], ny = oy + a[6];
            emit_arc(cr, x, y, a[0], a[1], a[2], a[3] != 0, a[4] != 0, nx, ny);
            x = nx;
            y = ny;
            break;
        }
        case 'Z':
            cairo_close_path(cr);
            x = sx;
            y = sy;
            break;
        }
        prev = up;
    }
}
