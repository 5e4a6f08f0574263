/* The audio encode beside the video (see audio_job.h). */
#include "pipeline/audio_job.h"

#include <stdio.h>

#include "media/audio_encode.h"
#include "reel.h"

static void *audio_job_main(void *arg)
{
    audio_job *j = arg;
    j->rc = audio_encode_scene(j->scene, j->first_frame, j->frame_count, j->codec, &j->packets, j->err,
                               sizeof j->err);
    if (j->rc)
        packet_list_clear(&j->packets);
    return NULL;
}

int audio_job_start(audio_job *j, const scene *s, int64_t first_frame, int64_t frame_count, const char *codec)
{
    *j = (audio_job){ .scene = s, .first_frame = first_frame, .frame_count = frame_count, .codec = codec };
    if (pthread_create(&j->thread, NULL, audio_job_main, j) != 0) {
        snprintf(j->err, sizeof j->err, "cannot start the audio thread");
        j->rc = REEL_EIO;
        j->finished = true;
        return j->rc;
    }
    j->started = true;
    return 0;
}

int audio_job_wait(audio_job *j)
{
    if (j->started && !j->finished) {
        pthread_join(j->thread, NULL);
        j->finished = true;
    }
    return j->rc;
}

void audio_job_free(audio_job *j)
{
    audio_job_wait(j);
    packet_list_clear(&j->packets);
}
