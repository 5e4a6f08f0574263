/* reel beats AUDIO: prints the detected tempo and beat grid. */
#ifndef REEL_CLI_BEATS_H
#define REEL_CLI_BEATS_H

int cmd_beats(int argc, char **argv);

#endif
