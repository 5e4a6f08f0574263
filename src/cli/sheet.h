/* reel sheet: contact sheets of a scene's frames. */
#ifndef REEL_CLI_SHEET_H
#define REEL_CLI_SHEET_H

/* Runs "reel sheet" with the arguments after the command; returns the exit code. */
int cmd_sheet(int argc, char **argv);

#endif
