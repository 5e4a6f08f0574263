/* Small file helpers: whole-file reads with a size limit, and the
 * write-beside-then-rename discipline that keeps a failed write from ever
 * leaving a truncated file under the final name. */
#ifndef REEL_FILES_H
#define REEL_FILES_H

#include <stddef.h>

/* Reads path into a NUL-terminated malloc'd buffer. Returns 0, or -1 with a
 * message ("cannot open x: No such file or directory", "x is larger than ..."). */
int file_read_all(const char *path, size_t limit, char **data, size_t *len, char *err, size_t errsize);

/* The directory part of path ("." for a bare name); caller frees. */
char *path_dirname(const char *path);

/* A temporary name beside path: "DIR/.NAME.reel-PID-N.tmp"; caller frees. */
char *temp_path_beside(const char *path);

/* Checks that a file can be created in path's directory, before any work is
 * done. Returns 0 or -1 with a message. */
int check_writable_dir(const char *path, char *err, size_t errsize);

#endif
