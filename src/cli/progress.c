/* Progress display and interruption for the CLI (see progress.h). Wall-clock
 * time is used only for display; it never reaches the rendered output. */
#include "cli/progress.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

volatile int progress_interrupted;

static void on_signal(int sig)
{
    (void)sig;
    progress_interrupted = 1;
}

void progress_install_signal_handlers(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Past a file-size limit, let writes fail with EFBIG (reported, temporary
     * file removed) instead of the process dying with a partial file. */
    signal(SIGXFSZ, SIG_IGN);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(progress_state *p, const char *label, bool quiet)
{
    *p = (progress_state){.quiet = quiet, .tty = isatty(STDERR_FILENO), .started = now(), .label = label};
    p->last_print = p->started;
}

static void print_line(progress_state *p, int64_t done, int64_t total, double t)
{
    double elapsed = t - p->started;
    double fps = elapsed > 0 ? (double)done / elapsed : 0;
    double eta = fps > 0 ? (double)(total - done) / fps : 0;
    int pct = total > 0 ? (int)(100 * done / total) : 100;
    if (p->tty)
        fprintf(stderr, "\r%s %lld/%lld frames %3d%%  %.1f fps  ETA %d:%02d  ", p->label, (long long)done,
                (long long)total, pct, fps, (int)eta / 60, (int)eta % 60);
    else
        fprintf(stderr, "%s: %lld/%lld frames (%d%%), %.1f fps\n", p->label, (long long)done, (long long)total,
                pct, fps);
    fflush(stderr);
}

int progress_report(void *user, int64_t done, int64_t total)
{
    progress_state *p = user;
    if (progress_interrupted)
        return 1;
    if (p->quiet)
        return 0;
    double t = now();
    if (t - p->last_print >= (p->tty ? 0.2 : 5.0)) {
        p->last_print = t;
        print_line(p, done, total, t);
    }
    return 0;
}

void progress_done(progress_state *p, int64_t frames, bool ok)
{
    if (p->quiet)
        return;
    if (p->tty)
        fprintf(stderr, "\r\033[K");
    if (ok) {
        double elapsed = now() - p->started;
        fprintf(stderr, "%s: %lld frames in %.2f s (%.1f fps)\n", p->label, (long long)frames, elapsed,
                elapsed > 0 ? (double)frames / elapsed : 0);
    }
}
