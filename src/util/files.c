/* File helpers (see files.h). */
#include "util/files.h"

#include <errno.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read_all(const char *path, size_t limit, char **data, size_t *len, char *err, size_t errsize)
{
    *data = NULL;
    *len = 0;
    /* Check before opening: opening a FIFO would wait for a writer forever. */
    struct stat pre;
    if (stat(path, &pre) == 0 && !S_ISREG(pre.st_mode)) {
        snprintf(err, errsize, "%s is not a regular file", path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsize, "%s is not a regular file", path);
        fclose(f);
        return -1;
    }
    if ((unsigned long long)st.st_size > limit) {
        snprintf(err, errsize, "%s is larger than the limit of %zu bytes", path, limit);
        fclose(f);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        snprintf(err, errsize, "out of memory reading %s", path);
        fclose(f);
        return -1;
    }
    size_t got = fread(buf, 1, size, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad || got != size) {
        snprintf(err, errsize, "cannot read %s", path);
        free(buf);
        return -1;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return 0;
}

char *path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

char *temp_path_beside(const char *path)
{
    static atomic_uint counter;
    unsigned n = atomic_fetch_add(&counter, 1);
    char *dir = path_dirname(path);
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!dir)
        return NULL;
    size_t size = strlen(dir) + strlen(name) + 64;
    char *out = malloc(size);
    /* Long names would push the temporary name past the 255-byte limit of a
     * file name; those get a name of their own. */
    if (out && strlen(name) > 200)
        snprintf(out, size, "%s/.reel-%ld-%u.tmp", dir, (long)getpid(), n);
    else if (out)
        snprintf(out, size, "%s/.%s.reel-%ld-%u.tmp", dir, name, (long)getpid(), n);
    free(dir);
    return out;
}

int check_writable_dir(const char *path, char *err, size_t errsize)
{
    char *dir = path_dirname(path);
    if (!dir) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    struct stat st;
    int rc = 0;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errsize, "output directory %s does not exist", dir);
        rc = -1;
    } else if (access(dir, W_OK) != 0) {
        snprintf(err, errsize, "cannot write to output directory %s: %s", dir, strerror(errno));
        rc = -1;
    }
    free(dir);
    return rc;
}
