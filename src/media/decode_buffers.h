/* Frame memory for footage decoders, in big buffers (util/big_buffer.h).
 *
 * libavcodec's own pool gives each plane a heap block; a 1080p H.264 stream's
 * reference frames are about 45 MB touched for the first time while the first
 * frames decode, one 4 KiB page fault at a time. Here each frame's planes
 * share one buffer backed by huge pages where the system has them, and
 * buffers return to a pool, as with libavcodec's. The decoded pixels are the
 * same: only where they are stored changes. */
#ifndef REEL_DECODE_BUFFERS_H
#define REEL_DECODE_BUFFERS_H

#include <libavcodec/avcodec.h>

typedef struct decode_buffers decode_buffers;

/* Makes c (not yet opened) take its video frames from a new pool; returns the
 * pool, to free after c, or NULL (c then keeps libavcodec's own buffers). */
decode_buffers *decode_buffers_attach(AVCodecContext *c);

/* Frees the pool; frames still holding its buffers stay valid. NULL is ignored. */
void decode_buffers_free(decode_buffers *b);

#endif
