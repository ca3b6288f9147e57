/* Host tests of the kernel's task-set reader (src/kernel/lab/taskset.c): a full file, defaults
 * that are not there (every field is required), and an error naming the line and the field for
 * each kind of malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/lab/taskset.h"
#include "lib/errno.h"

static struct taskset ts;
static int line;
static const char *error;

static int parse(const char *text)
{
    line = 0;
    error = NULL;
    return taskset_parse(text, (int)strlen(text), &ts, &line, &error);
}

#define T1                                                                                         \
    "task t1 period=5000 deadline=5000 offset=0 jitter=0 wcet=2000-2000 prio=2 tickets=100 seed=7"

static void test_full_file(void **state)
{
    (void)state;
    assert_int_equal(parse("# written by scripts/lab.py\n"
                           "name rm-vs-edf\n"
                           "\n"
                           "hogs 2\n"
                           "procs burst:2\n" T1 "\n"
                           "task t2 seed=1 wcet=1500-2000 period=7000 deadline=6000 offset=250 "
                           "jitter=100 prio=31 tickets=50\n"),
                     0);
    assert_null(error);
    assert_string_equal(ts.name, "rm-vs-edf");
    assert_int_equal(ts.hogs, 2);
    assert_string_equal(ts.procs, "burst:2");
    assert_int_equal(ts.ntasks, 2);
    assert_string_equal(ts.task[0].name, "t1");
    assert_int_equal(ts.task[0].prm.period_us, 5000);
    assert_int_equal(ts.task[0].prm.deadline_us, 5000);
    assert_int_equal(ts.task[0].prm.wcet_min_us, 2000);
    assert_int_equal(ts.task[0].prm.wcet_max_us, 2000);
    assert_int_equal(ts.task[0].prio, 2);
    assert_int_equal(ts.task[0].tickets, 100);
    assert_int_equal(ts.task[0].prm.seed, 7);
    assert_string_equal(ts.task[1].name, "t2");
    assert_int_equal(ts.task[1].prm.period_us, 7000);
    assert_int_equal(ts.task[1].prm.deadline_us, 6000);
    assert_int_equal(ts.task[1].prm.offset_us, 250);
    assert_int_equal(ts.task[1].prm.jitter_us, 100);
    assert_int_equal(ts.task[1].prm.wcet_min_us, 1500);
    assert_int_equal(ts.task[1].prm.wcet_max_us, 2000);
    assert_int_equal(ts.task[1].prio, 31);
    assert_int_equal(ts.task[1].tickets, 50);
}

static void test_no_trailing_newline_and_crlf(void **state)
{
    (void)state;
    assert_int_equal(parse("hogs 1\r\n" T1), 0);
    assert_int_equal(ts.hogs, 1);
    assert_int_equal(ts.ntasks, 1);
}

static void expect_error(const char *text, int at_line, const char *words)
{
    assert_int_equal(parse(text), -EINVAL);
    assert_int_equal(line, at_line);
    assert_non_null(error);
    if (!strstr(error, words))
        fail_msg("error '%s' does not name '%s'", error, words);
}

static void test_errors_name_the_line_and_field(void **state)
{
    (void)state;
    expect_error("", 1, "empty");
    expect_error("# only a comment\n", 2, "empty");
    expect_error("name ok\nbogus 3\n", 2, "unknown record");
    expect_error("name has space\n", 1, "one value");
    expect_error("name bad/name\n", 1, "name:");
    expect_error("hogs 65\n", 1, "hogs:");
    expect_error("hogs many\n", 1, "hogs:");
    expect_error("task\n", 1, "name");
    expect_error("task t1 period=5000\n", 1, "every field is required");
    expect_error("task t1 colour=5 period=1\n", 1, "unknown field");
    expect_error("task t1 period=5 period=6\n", 1, "twice");
    expect_error("task t1 period=5ms\n", 1, "microseconds");
    expect_error("task t1 wcet=2000\n", 1, "wcet must be MIN-MAX");
    expect_error("task t1 prio=high\n", 1, "prio");
    expect_error("task t1 prio=32\n", 1, "prio must be a whole number from 0 to 31");
    expect_error("task t1 prio=-1\n", 1, "prio must be a whole number from 0 to 31");
    expect_error("hogs 1\ntask t1 period=0 deadline=5 offset=0 jitter=0 wcet=1-1 prio=0 "
                 "tickets=1 seed=0\n",
                 2, "period and deadline");
    expect_error("task t1 period=5 deadline=5 offset=0 jitter=0 wcet=3-2 prio=0 tickets=1 "
                 "seed=0\n",
                 1, "MIN <= MAX");
    expect_error("task t1 period=99999999999 deadline=5 offset=0 jitter=0 wcet=1-1 prio=0 "
                 "tickets=1 seed=0\n",
                 1, "microseconds");
    expect_error("task t1 period=5 deadline=5 offset=0 jitter=0 wcet=3000000000-3000000000 "
                 "prio=0 tickets=1 seed=0\n",
                 1, "at most 1000000000 us");
    expect_error("task t1 period=5000 deadline=5000 offset=0 jitter=5000 wcet=1-1 prio=0 "
                 "tickets=1 seed=0\n",
                 1, "jitter must be below the deadline");
    expect_error("task t1 period=5000 deadline=5000 offset=0 jitter=0 wcet=1-1 prio=0 "
                 "tickets=2000000 seed=0\n",
                 1, "tickets must be from 1 to 10000");
}

static void test_task_limit(void **state)
{
    (void)state;
    static char text[64 * 128];
    text[0] = '\0';
    for (int i = 0; i <= TASKSET_MAX_TASKS; i++)
        strcat(text, T1 "\n");
    expect_error(text, TASKSET_MAX_TASKS + 1, "more tasks");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_no_trailing_newline_and_crlf),
        cmocka_unit_test(test_errors_name_the_line_and_field),
        cmocka_unit_test(test_task_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
