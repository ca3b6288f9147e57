/* The shell: a user-mode process reading the serial console through read(). Line editing
 * (backspace, Ctrl-U, Ctrl-C), a prompt "pinwheel> ", and commands that look at and steer the
 * running system through system calls. Bad input gets a one-line error; nothing typed here can
 * take the kernel down. */
#include "kernel/lab/lab_spec.h"
#include "lib/kprintf.h"
#include "lib/string.h"
#include "user/lab.h"
#include "user/pinwheel.h"

#define LINE_MAX 128
#define MAX_ARGS 8
#define CTRL(c)  ((c)&0x1f)

static const char *const state_names[] = {
    [PROC_FREE] = "free",         [PROC_READY] = "ready",     [PROC_RUNNING] = "running",
    [PROC_SLEEPING] = "sleeping", [PROC_WAITING] = "waiting", [PROC_READING] = "reading",
    [PROC_EXITED] = "exited"};

static void puts_(const char *s)
{
    write(s, strlen(s));
}

/* A decimal number from s; returns 0 and sets *out, or -1 when s is not one (or too big). */
static int parse_uint(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > 0xffffffffu)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* Console input not yet consumed: a paste brings many lines in one read(). */
static char pending[64];
static int pending_len, pending_pos;

static char next_char(void)
{
    while (pending_pos == pending_len) {
        pending_len = read(pending, sizeof pending);
        pending_pos = 0;
        if (pending_len < 0)
            pending_len = 0;
    }
    return pending[pending_pos++];
}

/* Reads one edited line into line (NUL-terminated). Returns its length, or -1 when Ctrl-C
 * cancelled it or it cannot be run as typed: longer than the buffer, or with bytes that are
 * neither printable ASCII nor an editing key (an escape sequence, binary garbage). Such a line
 * is read to its end and dropped with a message saying why, never cut and run. Echoes what it
 * accepts. */
static int read_line(char *line)
{
    int n = 0;
    unsigned too_long = 0, unprintable = 0;
    for (;;) {
        char c = next_char();
        if (c == '\r' || c == '\n') {
            puts_("\n");
            line[n] = '\0';
            if (too_long) {
                uprintf("line too long: at most %d characters; nothing was run\n", LINE_MAX - 1);
                return -1;
            }
            if (unprintable) {
                uprintf("%u byte%s neither printable nor an editing key: nothing was run\n",
                        unprintable, unprintable == 1 ? "" : "s");
                return -1;
            }
            return n;
        } else if (c == CTRL('C')) {
            puts_("^C\n");
            return -1;
        } else if (c == CTRL('U')) {
            for (; n > 0; n--)
                puts_("\b \b");
            too_long = unprintable = 0;
        } else if (c == '\b' || c == 0x7f) {
            if (too_long) {
                too_long--; /* the characters past the end, which were never shown */
            } else if (n > 0) {
                n--;
                puts_("\b \b");
            }
        } else if (c >= ' ' && c < 0x7f) {
            if (n < LINE_MAX - 1) {
                line[n++] = c;
                write(&c, 1);
            } else {
                too_long++;
            }
        } else {
            unprintable++;
        }
    }
}

static int split(char *line, char **argv)
{
    int argc = 0;
    char *p = line;
    while (*p && argc < MAX_ARGS) {
        while (*p == ' ')
            *p++ = '\0';
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ')
            p++;
    }
    return argc;
}

static void cmd_help(int argc, char **argv);

static void cmd_ps(int argc, char **argv)
{
    (void)argc, (void)argv;
    uprintf("  pid name             state     cpu_ms  switches\n");
    for (int pid = proc_next(0); pid; pid = proc_next(pid)) {
        struct proc_info info;
        if (proc_info(pid, &info))
            continue;
        uprintf("%5d %-16s %-8s %8llu %9lu\n", info.pid, info.name, state_names[info.state],
                (unsigned long long)(info.stats.cpu_us / 1000),
                (unsigned long)(info.stats.voluntary + info.stats.involuntary));
    }
}

static void cmd_uptime(int argc, char **argv)
{
    (void)argc, (void)argv;
    uint64_t t = time_us();
    uprintf("up %llu.%06llu s\n", (unsigned long long)(t / 1000000),
            (unsigned long long)(t % 1000000));
}

static void cmd_sleep(int argc, char **argv)
{
    uint32_t ms;
    if (argc != 2 || parse_uint(argv[1], &ms) || ms > 3600000) {
        uprintf("sleep: usage: sleep MS (0 to 3600000)\n");
        return;
    }
    sleep_us(ms * 1000);
}

/* Lab workload slots handed out round-robin to what the shell starts. */
static uint32_t next_slot;

static void cmd_spawn(int argc, char **argv)
{
    uint32_t period = 0, work = 0;
    entry_fn entry;
    if (argc == 2 && !strcmp(argv[1], "cpu")) {
        entry = lab_cpu;
    } else if (argc == 2 && !strcmp(argv[1], "burst")) {
        entry = lab_burst;
    } else if (argc == 4 && !strcmp(argv[1], "periodic") && !parse_uint(argv[2], &period) &&
               !parse_uint(argv[3], &work) && period >= 1 && period <= 10000 && work >= 1 &&
               work < period) {
        entry = lab_periodic;
    } else {
        uprintf("spawn: usage: spawn cpu | spawn burst | spawn periodic PERIOD_MS WORK_MS\n");
        return;
    }
    uint32_t slot = next_slot++ % LAB_MAX_PROCS;
    lab_params[slot] = (struct lab_params){0, period * 1000, work * 1000, 12345u * (slot + 1)};
    char name[PROC_NAME_MAX];
    ksnprintf(name, sizeof name, "%s-%lu", argv[1], (unsigned long)slot);
    int pid = spawn(entry, slot, name);
    if (pid < 0)
        uprintf("spawn: %s\n", errno_name(pid));
    else
        uprintf("started pid %d (%s)\n", pid, name);
}

static void cmd_kill(int argc, char **argv)
{
    uint32_t pid;
    if (argc != 2 || parse_uint(argv[1], &pid)) {
        uprintf("kill: usage: kill PID\n");
        return;
    }
    if ((int)pid == getpid()) {
        uprintf("kill: that is the shell itself\n");
        return;
    }
    if (pid == 0) {
        uprintf("kill: 0 is the idle loop, part of the kernel, not a process\n");
        return;
    }
    int err = kill((int)pid);
    if (err)
        uprintf("kill: %lu: %s\n", (unsigned long)pid,
                err == -ESRCH   ? "no such process"
                : err == -EPERM ? "not allowed (pid 1 never; others need CAP_KILL)"
                                : errno_name(err));
    else
        wait((int)pid); /* the shell's own children: reap it now (others: -ESRCH, fine) */
}

static void cmd_timers(int argc, char **argv)
{
    (void)argc, (void)argv;
    struct timer_info list[32];
    int n = timers(list, 32);
    uint64_t now = time_us();
    uprintf("%d pending kernel timer%s\n", n, n == 1 ? "" : "s");
    for (int i = 0; i < n && i < 32; i++)
        uprintf("  id %08lx  deadline %llu us (in %lld us)%s\n", (unsigned long)list[i].id,
                (unsigned long long)list[i].deadline_us, (long long)(list[i].deadline_us - now),
                list[i].period_us ? "  periodic" : "");
}

static void cmd_quantum(int argc, char **argv)
{
    struct kstats k;
    uint32_t ms;
    if (argc == 2) {
        if (parse_uint(argv[1], &ms) || ms > QUANTUM_MAX_US / 1000 || set_quantum(ms * 1000)) {
            uprintf("quantum: usage: quantum [MS] with MS from 1 to %d\n", QUANTUM_MAX_US / 1000);
            return;
        }
    } else if (argc != 1) {
        uprintf("quantum: usage: quantum [MS]\n");
        return;
    }
    kstats(&k);
    uprintf("quantum %lu ms\n", (unsigned long)(k.quantum_us / 1000));
}

static void cmd_sched(int argc, char **argv)
{
    char name[PROC_NAME_MAX];
    if (argc > 2 || sched_policy(argc == 2 ? argv[1] : 0, name)) {
        uprintf("sched: usage: sched [rr|prio|stride|edf|rm|dm]\n");
        return;
    }
    uprintf("policy %s\n", name);
}

static void cmd_trace(int argc, char **argv)
{
    static const char *const ops[] = {"start", "stop", "dump"};
    for (uint32_t op = 0; argc == 2 && op < 3; op++) {
        if (!strcmp(argv[1], ops[op])) {
            trace_ctl(op + 1);
            if (op == 0)
                uprintf("tracing; 'trace dump' prints it\n");
            return;
        }
    }
    uprintf("trace: usage: trace start|stop|dump\n");
}

static void cmd_mem(int argc, char **argv)
{
    (void)argc, (void)argv;
    struct meminfo m;
    meminfo(&m);
    uprintf("RAM %lu KiB, kernel up to %08lx; pages: %lu free of %lu (4 KiB each)\n",
            (unsigned long)(m.ram_bytes >> 10), (unsigned long)m.kernel_end,
            (unsigned long)m.free_pages, (unsigned long)m.total_pages);
}

static void cmd_reboot(int argc, char **argv)
{
    (void)argc, (void)argv;
    uprintf("rebooting\n");
    uprintf("reboot: %s\n", errno_name(reboot())); /* only when it was refused */
}

static const struct {
    const char *name;
    void (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"help", cmd_help, "this list"},
    {"ps", cmd_ps, "processes: pid, name, state, CPU time, switches"},
    {"uptime", cmd_uptime, "time since power-on"},
    {"sleep", cmd_sleep, "sleep MS: the shell sleeps"},
    {"spawn", cmd_spawn, "spawn cpu | burst | periodic PERIOD_MS WORK_MS: start a workload"},
    {"kill", cmd_kill, "kill PID: end a process"},
    {"timers", cmd_timers, "pending kernel timers and their deadlines"},
    {"quantum", cmd_quantum, "quantum [MS]: show or set the time slice"},
    {"sched", cmd_sched, "sched [rr|prio|stride|edf|rm|dm]: show or change the policy"},
    {"trace", cmd_trace, "trace start|stop|dump: the scheduling trace"},
    {"mem", cmd_mem, "memory"},
    {"reboot", cmd_reboot, "reset the board (power off in QEMU test runs)"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    static char modes[BOOT_MODES_TEXT_MAX]; /* more than the 4 KiB stack could hold */
    for (unsigned i = 0; i < NCOMMANDS; i++)
        uprintf("  %-8s %s\n", commands[i].name, commands[i].help);
    int n = boot_modes(modes, sizeof modes);
    if (n < 0) {
        uprintf("(the boot modes could not be read: %d)\n", n);
        return;
    }
    uprintf("Boot modes (words for the kernel command line: cmdline.txt, or ./qemu.sh WORD):\n");
    write(modes, (uint32_t)n);
}

/* Children that ended by themselves (a fault, say) are reaped before each prompt. */
static void reap_children(void)
{
    int me = getpid();
    for (int pid = proc_next(0); pid; pid = proc_next(pid)) {
        struct proc_info info;
        if (proc_info(pid, &info) == 0 && info.parent == me && info.state == PROC_EXITED)
            wait(pid);
    }
}

int user_shell(uint32_t unused)
{
    (void)unused;
    char line[LINE_MAX];
    char *argv[MAX_ARGS];
    puts_("pinwheel shell: type 'help' for the commands\n");
    for (;;) {
        reap_children();
        puts_("pinwheel> ");
        if (read_line(line) < 0)
            continue;
        int argc = split(line, argv);
        if (argc == 0)
            continue;
        unsigned i = 0;
        while (i < NCOMMANDS && strcmp(commands[i].name, argv[0]))
            i++;
        if (i == NCOMMANDS)
            uprintf("%s: unknown command (try 'help')\n", argv[0]);
        else
            commands[i].run(argc, argv);
    }
}
