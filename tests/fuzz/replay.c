/* Runs a fuzz target over files, without libFuzzer: `make test` replays the corpora in
 * tests/fuzz/corpus/ with gcc and the sanitizers. Prints cmocka's summary line, so that the
 * test runner counts one test per file. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the target over one file; 0, or -1 when it cannot be read. */
static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    /* An exact-size copy, so that ASan sees a read past the input. */
    uint8_t *exact = malloc(n ? n : 1);
    memcpy(exact, buf, n);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

/* With no arguments: every file of the corpus directory built in (CORPUS). */
int main(int argc, char **argv)
{
    int ran = 0;
    if (argc == 1) {
        DIR *dir = opendir(CORPUS);
        struct dirent *e;
        char path[4096];
        if (!dir) {
            fprintf(stderr, "replay: no corpus at %s\n", CORPUS);
            printf("[  FAILED  ] 1 test(s)\n");
            return 1;
        }
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", CORPUS, e->d_name);
            if (replay(path)) {
                printf("[  FAILED  ] 1 test(s)\n");
                return 1;
            }
            ran++;
        }
        closedir(dir);
        printf("[  PASSED  ] %d test(s).\n", ran);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        if (replay(argv[i])) {
            printf("[  FAILED  ] 1 test(s)\n");
            return 1;
        }
        ran++;
    }
    printf("[  PASSED  ] %d test(s).\n", ran);
    return 0;
}
