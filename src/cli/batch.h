/* reel batch: one render per row of a CSV or JSON data file (docs/templates.md). */
#ifndef REEL_CLI_BATCH_H
#define REEL_CLI_BATCH_H

int cmd_batch(int argc, char **argv);

#endif
