/* Builds a small scene in C through the public API alone and renders it:
 * a still of its middle frame and the whole video.
 *
 *   cc hello.c $(pkg-config --cflags --libs reel) -o hello && ./hello out_dir
 */
#include <stdio.h>
#include <string.h>

#include <reel.h>

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    const char *name = "Ada";

    /* A template in C: the scene is JSON text, the personal part is data. */
    char json[2048];
    snprintf(json, sizeof json,
             "{\"width\": 640, \"height\": 360, \"fps\": 30, \"duration\": \"2s\", \"background\": \"#0B1F3A\","
             " \"layers\": ["
             "  {\"type\": \"rect\", \"position\": [40, 250], \"width\": 560, \"height\": 70,"
             "   \"corner_radius\": 12, \"fill\": \"#FF5A1F\","
             "   \"scale\": [{\"time\": 0, \"value\": [0, 1], \"easing\": \"ease-out-cubic\"}, {\"time\": \"0.5s\", \"value\": [1, 1]}]},"
             "  {\"type\": \"text\", \"text\": \"Hello, %s\", \"font_size\": 64, \"font_weight\": \"bold\","
             "   \"position\": [320, 120], \"anchor\": [0.5, 0],"
             "   \"opacity\": [{\"time\": 0, \"value\": 0}, {\"time\": \"0.5s\", \"value\": 1}]}"
             " ]}", name);

    reel_scene *scene = NULL;
    reel_diag diag;
    char msg[2048];
    if (reel_scene_load_memory(&scene, json, strlen(json), "hello.c", NULL, &diag) != REEL_OK) {
        fprintf(stderr, "%s\n", reel_diag_format(&diag, msg, sizeof msg));
        return 2;
    }
    reel_scene_info info;
    reel_scene_get_info(scene, &info);

    char still[1024], video[1024];
    snprintf(still, sizeof still, "%s/hello-c.png", dir);
    snprintf(video, sizeof video, "%s/hello-c.mp4", dir);
    int rc = reel_render_still(scene, info.frames / 2, still, &diag);
    if (rc == REEL_OK) {
        reel_render_options opts;
        reel_render_options_default(&opts);
        opts.threads = 2;
        rc = reel_render(scene, video, &opts, &diag);
    }
    if (rc != REEL_OK)
        fprintf(stderr, "%s\n", reel_diag_format(&diag, msg, sizeof msg));
    else
        printf("%s %s (%dx%d, %lld frames)\n", still, video, info.width, info.height, (long long)info.frames);
    reel_scene_free(&scene);
    return rc == REEL_OK ? 0 : 1;
}
