/* The scene's audio, mixed and encoded on a thread of its own while the
 * video segments render, and waited for before the first segment is written
 * (the muxer interleaves audio from the start; a part file stores it first).
 * It used to run before the video, adding its whole time (about 0.4 s per
 * 10 s of AAC) to the render's. The packets are the same either way. */
#ifndef REEL_AUDIO_JOB_H
#define REEL_AUDIO_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "media/packet_list.h"
#include "scene/scene.h"

typedef struct audio_job {
    const scene *scene;
    int64_t first_frame, frame_count;
    const char *codec;
    pthread_t thread;
    bool started, finished;
    packet_list packets;        /* valid once audio_job_wait returned 0 */
    int rc;
    char err[512];
} audio_job;

/* Starts encoding frames [first_frame, first_frame + frame_count) of the
 * scene's audio with codec. Returns 0 or REEL_EIO (no thread). */
int audio_job_start(audio_job *j, const scene *s, int64_t first_frame, int64_t frame_count, const char *codec);

/* Waits for the job (again: returns at once). Returns its result: 0, or a
 * REEL_E* code with the message in j->err. */
int audio_job_wait(audio_job *j);

/* Waits if needed, frees the packets. */
void audio_job_free(audio_job *j);

#endif
