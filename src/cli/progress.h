/* Render progress for people: a live line on a terminal (frames, fps, ETA),
 * a plain line every few seconds otherwise, nothing when quiet. */
#ifndef REEL_CLI_PROGRESS_H
#define REEL_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct progress_state {
    bool quiet, tty;
    double started, last_print;
    const char *label;
} progress_state;

void progress_init(progress_state *p, const char *label, bool quiet);
/* reel_progress_fn-compatible callback; user is a progress_state. */
int progress_report(void *user, int64_t done, int64_t total);
/* Ends the live line. */
void progress_done(progress_state *p, int64_t frames, bool ok);

/* Set by SIGINT/SIGTERM; the progress callback then cancels the render. */
extern volatile int progress_interrupted;
void progress_install_signal_handlers(void);

#endif
