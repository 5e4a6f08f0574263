/* Helpers for unit tests that make media with the ffmpeg CLI: a scratch
 * directory for the run, and shell commands whose output is discarded. */
#ifndef REEL_TEST_SCRATCH_DIR_H
#define REEL_TEST_SCRATCH_DIR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static char scratch_dir[64];

/* Makes scratch_dir ("/tmp/reel-test-NAME-XXXXXX"); false (with a message)
 * when it cannot. */
static bool scratch_make(const char *name)
{
    snprintf(scratch_dir, sizeof scratch_dir, "/tmp/reel-test-%s-XXXXXX", name);
    if (mkdtemp(scratch_dir))
        return true;
    perror("mkdtemp");
    return false;
}

static void scratch_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", scratch_dir);
}

/* Runs a shell command made from fmt (ffmpeg, ffprobe), output discarded;
 * true when it succeeds. */
__attribute__((format(printf, 1, 2))) static bool sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    char full[4200];
    snprintf(full, sizeof full, "%s >/dev/null 2>&1", cmd);
    int rc = system(full);
    if (rc != 0)
        fprintf(stderr, "  command failed (%d): %s\n", rc, cmd);
    return rc == 0;
}

#endif
