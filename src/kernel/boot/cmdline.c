/* Kernel command-line parser: a table of known keys, each with a value syntax. */
#include "kernel/boot/cmdline.h"

#include <stddef.h>

#include "kernel/syscall/syscall_abi.h"

enum value_kind {
    VALUE_NAME,       /* letters, digits, '_', '-', ',': a demo or a list of suites */
    VALUE_MS,         /* a decimal count of milliseconds, 0 .. 2^32 - 1 */
    VALUE_QUANTUM_MS, /* a time slice in milliseconds, stored in microseconds */
    VALUE_QUANTUM_US, /* a time slice in microseconds */
    VALUE_SPEC,       /* a workload spec: names, digits and : @ / + = , */
    VALUE_MIB,        /* an amount of memory in MiB, CMDLINE_MEM_MIN_MIB .. 4095 */
    VALUE_PATH,       /* a host file path (QEMU): letters, digits and _ - . / */
    VALUE_EVENTS,     /* a trace ring size: a power of two, TRACE_EVENTS_MIN .. TRACE_EVENTS_MAX */
    VALUE_COUNT,      /* a decimal number, 0 .. 2^32 - 1: a seed or a count */
    VALUE_SWITCH,     /* on/off or 1/0, stored as an int 1 or 0 */
    VALUE_SECONDS,    /* a whole number of seconds, 0 .. CMDLINE_PANIC_MAX_S */
};

struct key {
    const char *name;
    enum value_kind kind;
    size_t offset;      /* where in struct boot_config the value goes */
    size_t flag_offset; /* int set to 1 when present, or (size_t)-1 */
};

#define NO_FLAG ((size_t)-1)

static const struct key keys[] = {
    {"demo", VALUE_NAME, offsetof(struct boot_config, demo), NO_FLAG},
    {"test", VALUE_NAME, offsetof(struct boot_config, test), NO_FLAG},
    {"bench", VALUE_NAME, offsetof(struct boot_config, bench), NO_FLAG},
    {"exit", VALUE_MS, offsetof(struct boot_config, exit_ms),
     offsetof(struct boot_config, has_exit)},
    {"quantum", VALUE_QUANTUM_MS, offsetof(struct boot_config, quantum_us), NO_FLAG},
    {"quantum_us", VALUE_QUANTUM_US, offsetof(struct boot_config, quantum_us), NO_FLAG},
    {"sched", VALUE_NAME, offsetof(struct boot_config, sched), NO_FLAG},
    {"scenario", VALUE_NAME, offsetof(struct boot_config, scenario), NO_FLAG},
    {"procs", VALUE_SPEC, offsetof(struct boot_config, procs), NO_FLAG},
    {"mem", VALUE_MIB, offsetof(struct boot_config, mem_mib), NO_FLAG},
    {"run_ms", VALUE_MS, offsetof(struct boot_config, run_ms), NO_FLAG},
    {"taskset", VALUE_PATH, offsetof(struct boot_config, taskset), NO_FLAG},
    {"trace_events", VALUE_EVENTS, offsetof(struct boot_config, trace_events), NO_FLAG},
    {"seed", VALUE_COUNT, offsetof(struct boot_config, seed),
     offsetof(struct boot_config, has_seed)},
    {"calls", VALUE_COUNT, offsetof(struct boot_config, calls),
     offsetof(struct boot_config, has_calls)},
    {"seconds", VALUE_COUNT, offsetof(struct boot_config, seconds),
     offsetof(struct boot_config, has_seconds)},
    {"inject", VALUE_NAME, offsetof(struct boot_config, inject), NO_FLAG},
    {"qemu", VALUE_SWITCH, offsetof(struct boot_config, qemu), NO_FLAG},
    {"led", VALUE_SWITCH, offsetof(struct boot_config, led), offsetof(struct boot_config, has_led)},
    {"panic", VALUE_SECONDS, offsetof(struct boot_config, panic_s), NO_FLAG},
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == ',';
}

static int is_spec_char(char c)
{
    return c == ':' || c == '@' || c == '/' || c == '+' || c == '=';
}

static int is_path_char(char c)
{
    return (is_name_char(c) && c != ',') || c == '.' || c == '/' || c == '+';
}

/* Whether [word, word + len) is exactly name. */
static int word_is(const char *word, int len, const char *name)
{
    int i = 0;
    for (; name[i]; i++)
        if (i >= len || word[i] != name[i])
            return 0;
    return i == len;
}

/* Stores value (len bytes) as kind into field, or leaves field alone and says what is wrong. */
static const char *store_value(enum value_kind kind, const char *value, int len, void *field)
{
    if (len == 0)
        return "empty value";
    if (kind == VALUE_SWITCH) {
        int on = word_is(value, len, "on") || word_is(value, len, "1");
        if (!on && !word_is(value, len, "off") && !word_is(value, len, "0"))
            return "value must be on, off, 1 or 0";
        *(int *)field = on;
        return NULL;
    }
    if (kind == VALUE_NAME || kind == VALUE_SPEC || kind == VALUE_PATH) {
        if (len >= (kind == VALUE_NAME ? CMDLINE_NAME_MAX : CMDLINE_SPEC_MAX))
            return "value too long";
        for (int i = 0; i < len; i++) {
            char c = value[i];
            int ok = kind == VALUE_PATH   ? is_path_char(c)
                     : kind == VALUE_SPEC ? is_name_char(c) || is_spec_char(c)
                                          : is_name_char(c);
            if (!ok)
                return kind == VALUE_SPEC
                           ? "value may only hold letters, digits and _ - , : @ / + ="
                       : kind == VALUE_PATH
                           ? "a path may only hold letters, digits and _ - . / +"
                           : "value may only hold letters, digits, '_', '-' and ','";
        }
        char *out = field;
        for (int i = 0; i < len; i++)
            out[i] = value[i];
        out[len] = '\0';
        return NULL;
    }
    uint64_t n = 0;
    for (int i = 0; i < len; i++) {
        if (value[i] < '0' || value[i] > '9')
            return kind == VALUE_QUANTUM_US ? "value is not a whole number of microseconds"
                   : kind == VALUE_MIB      ? "value is not a whole number of MiB"
                   : kind == VALUE_EVENTS   ? "value is not a whole number of events"
                   : kind == VALUE_COUNT    ? "value is not a whole number"
                   : kind == VALUE_SECONDS  ? "value is not a whole number of seconds"
                                            : "value is not a whole number of milliseconds";
        n = n * 10 + (uint64_t)(value[i] - '0');
        if (n > UINT32_MAX)
            return "value out of range (at most 4294967295)";
    }
    if (kind == VALUE_EVENTS) {
        if (n < TRACE_EVENTS_MIN || n > TRACE_EVENTS_MAX || (n & (n - 1)))
            return "trace size must be a power of two from 256 to 65536 events";
        *(uint32_t *)field = (uint32_t)n;
        return NULL;
    }
    if (kind == VALUE_MIB) {
        if (n < CMDLINE_MEM_MIN_MIB || n > 4095)
            return "memory out of range (16 to 4095 MiB)";
        *(uint32_t *)field = (uint32_t)n;
        return NULL;
    }
    if (kind == VALUE_SECONDS) {
        if (n > CMDLINE_PANIC_MAX_S)
            return "value out of range (0 to 3600 seconds)";
        *(uint32_t *)field = (uint32_t)n;
        return NULL;
    }
    if (kind == VALUE_QUANTUM_MS)
        n *= 1000;
    if (kind == VALUE_COUNT) {
        *(uint32_t *)field = (uint32_t)n;
        return NULL;
    }
    if (kind != VALUE_MS && (n < QUANTUM_MIN_US || n > QUANTUM_MAX_US))
        return "time slice out of range (0.1 ms to 10 s)";
    *(uint32_t *)field = (uint32_t)n;
    return NULL;
}

/* Words the Raspberry Pi firmware puts before cmdline.txt's, and those a copied Raspberry Pi OS
 * cmdline.txt carries: Linux's, meaningless here, so known and kept quiet. A key that starts
 * with one of these prefixes (a Linux module's parameter), or is one of these words. */
static const char *const firmware_prefixes[] = {
    "bcm2708.", "bcm2708_fb.", "bcm2709.",     "dma.",      "smsc95xx.",
    "vc_mem.",  "8250.",       "snd_bcm2835.", "dwc_otg.",  "usbhid.",
    "fsck.",    "net.",        "logo.",        "plymouth.", "ipv6.",
};
static const char *const firmware_words[] = {
    "console", "root",  "rootfstype", "rootwait", "elevator", "coherent_pool", "cma",
    "kgdboc",  "quiet", "splash",     "nosplash", "noswap",   "loglevel",      "init",
};

static int starts_with(const char *word, int len, const char *prefix)
{
    int i = 0;
    for (; prefix[i]; i++)
        if (i >= len || word[i] != prefix[i])
            return 0;
    return 1;
}

static int is_firmware_word(const char *word, int key_len)
{
    for (size_t i = 0; i < sizeof firmware_prefixes / sizeof firmware_prefixes[0]; i++)
        if (starts_with(word, key_len, firmware_prefixes[i]))
            return 1;
    for (size_t i = 0; i < sizeof firmware_words / sizeof firmware_words[0]; i++)
        if (word_is(word, key_len, firmware_words[i]))
            return 1;
    return 0;
}

/* A "0x"-prefixed hexadecimal value below 2^32 filling [v, v + n), into *out; 0 if not one. */
static int parse_hex(const char *v, int n, uint32_t *out)
{
    uint64_t x = 0;
    if (n < 3 || n > 10 || v[0] != '0' || (v[1] != 'x' && v[1] != 'X'))
        return 0;
    for (int i = 2; i < n; i++) {
        char c = v[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return 0;
        x = x * 16 + (uint64_t)d;
    }
    *out = (uint32_t)x;
    return 1;
}

static const char *parse_word(const char *word, int len, struct boot_config *cfg)
{
    int eq = 0;
    while (eq < len && word[eq] != '=')
        eq++;
    if (is_firmware_word(word, eq)) {
        /* Two of the firmware's words say which board this is: the banner shows them. */
        const char *v = word + eq + 1;
        int n = len - eq - 1;
        if (word_is(word, eq, "bcm2709.boardrev"))
            cfg->has_boardrev = parse_hex(v, n, &cfg->boardrev);
        else if (word_is(word, eq, "bcm2709.serial"))
            cfg->has_serial = parse_hex(v, n, &cfg->serial);
        cfg->firmware_words++;
        return NULL;
    }
    if (eq == len)
        return "unknown word (expected key=value)";
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (!word_is(word, eq, keys[k].name))
            continue;
        const char *problem =
            store_value(keys[k].kind, word + eq + 1, len - eq - 1, (char *)cfg + keys[k].offset);
        if (!problem && keys[k].flag_offset != NO_FLAG)
            *(int *)((char *)cfg + keys[k].flag_offset) = 1;
        return problem;
    }
    return "unknown key";
}

static int key_len(const char *key)
{
    int n = 0;
    while (key[n])
        n++;
    return n;
}

/* Whether test=LIST runs the suite `name` (by name, or through "all"). */
static int runs_suite(const char *list, const char *name)
{
    for (const char *p = list; *p;) {
        const char *end = p;
        while (*end && *end != ',')
            end++;
        if (word_is(p, (int)(end - p), name) || word_is(p, (int)(end - p), "all"))
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* A word only some suites read (seed=, calls=, seconds=, inject=) on a command line that runs
 * none of them would be silently ignored: it is reported instead. */
static void check_suite_word(struct boot_config *cfg, int given, const char *key, const char *a,
                             const char *b, const char *problem, cmdline_report_t report, void *ctx)
{
    if (!given || runs_suite(cfg->test, a) || (b && runs_suite(cfg->test, b)))
        return;
    cfg->errors++;
    if (report)
        report(ctx, key, key_len(key), problem);
}

int cmdline_parse(const char *line, struct boot_config *cfg, cmdline_report_t report, void *ctx)
{
    *cfg = (struct boot_config){0};
    if (!line)
        return 0;
    const char *p = line;
    for (;;) {
        while (is_space(*p))
            p++;
        if (!*p)
            break;
        const char *word = p;
        while (*p && !is_space(*p))
            p++;
        int len = (int)(p - word);
        const char *problem = parse_word(word, len, cfg);
        if (problem) {
            cfg->errors++;
            if (report)
                report(ctx, word, len, problem);
        }
    }
    check_suite_word(cfg, cfg->has_seed, "seed=", "fuzz", "soak",
                     "read only by test=fuzz and test=soak, and neither runs: ignored", report,
                     ctx);
    check_suite_word(cfg, cfg->has_calls, "calls=", "fuzz", 0,
                     "read only by test=fuzz, which does not run: ignored", report, ctx);
    check_suite_word(cfg, cfg->has_seconds, "seconds=", "soak", 0,
                     "read only by test=soak, which does not run: ignored", report, ctx);
    check_suite_word(cfg, cfg->inject[0] != 0, "inject=", "soak", 0,
                     "read only by test=soak, which does not run: ignored", report, ctx);
    return cfg->errors;
}
