/* Host tests of the lab's workload specs (src/kernel/lab/lab_spec.c): the grammar, its limits, the
 * named scenarios, and clear errors for malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/lab/lab_spec.h"
#include "kernel/syscall/syscall_abi.h"
#include "lib/errno.h"

static struct lab_spec spec;
static const char *error;
static int where;

static int parse(const char *s)
{
    error = NULL;
    where = -1;
    return lab_spec_parse(s, &spec, &error, &where);
}

static void test_full_example(void **state)
{
    (void)state;
    assert_int_equal(parse("cpu:3,periodic:2@20ms/5ms+prio=3,burst:4+tickets=250+prio=1"), 0);
    assert_int_equal(spec.ngroups, 3);
    assert_int_equal(spec.nprocs, 9);
    assert_int_equal(spec.group[0].kind, LAB_CPU);
    assert_int_equal(spec.group[0].count, 3);
    assert_int_equal(spec.group[0].tickets, SCHED_TICKETS_DEFAULT);
    assert_int_equal(spec.group[0].prio, 0);
    assert_int_equal(spec.group[1].kind, LAB_PERIODIC);
    assert_int_equal(spec.group[1].period_us, 20000);
    assert_int_equal(spec.group[1].work_us, 5000);
    assert_int_equal(spec.group[1].prio, 3);
    assert_int_equal(spec.group[2].kind, LAB_BURST);
    assert_int_equal(spec.group[2].tickets, 250);
    assert_int_equal(spec.group[2].prio, 1);
}

static void test_every_scenario_parses(void **state)
{
    (void)state;
    for (int i = 0; lab_scenario_names[i]; i++) {
        const char *s = lab_scenario(lab_scenario_names[i]);
        assert_non_null(s);
        assert_int_equal(parse(s), 0);
        assert_true(spec.nprocs >= 2);
    }
    assert_null(lab_scenario("nope"));
    assert_null(lab_scenario("cpu-mi"));
    assert_int_equal(parse(lab_scenario("stride-pair")), 0);
    assert_int_equal(spec.group[0].tickets, 2 * spec.group[1].tickets);
}

struct bad {
    const char *spec;
    const char *error;
    int where;
};

static void test_malformed_specs_say_what_and_where(void **state)
{
    (void)state;
    static const struct bad bad[] = {
        {"", "expected a kind: cpu, periodic or burst", 0},
        {"gpu:2", "expected a kind: cpu, periodic or burst", 0},
        {"cpu", "expected ':' and a count after the kind", 3},
        {"cpu:", "expected a number", 4},
        {"cpu:0", "number out of range", 4},
        {"cpu:65", "number out of range", 4},
        {"cpu:2@10ms/1ms", "only periodic processes take @PERIOD/WORK", 6},
        {"periodic:2", "periodic needs @PERIODms/WORKms, e.g. periodic:2@20ms/5ms", 10},
        {"periodic:2@20/5", "expected @PERIODms/WORKms, e.g. @20ms/5ms", 13},
        {"periodic:1@10ms/10ms", "the work must be shorter than the period", 20},
        {"cpu:1+prio=32", "prio is 0 to 31", 11},
        {"cpu:1+tickets=0", "tickets are 1 to 10000", 14},
        {"cpu:1+nice=3", "expected +prio=N or +tickets=N", 6},
        {"cpu:1;burst:2", "expected ',' between groups", 5},
        {"cpu:1,", "expected a kind: cpu, periodic or burst", 6},
        {"cpu:40,cpu:30", "too many processes (at most 64)", 13},
        {"cpu:1,cpu:1,cpu:1,cpu:1,cpu:1,cpu:1,cpu:1,cpu:1,cpu:1", "too many groups (at most 8)",
         48},
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(parse(bad[i].spec), -EINVAL);
        assert_string_equal(error, bad[i].error);
        assert_int_equal(where, bad[i].where);
    }
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(lab_kind_name(LAB_CPU), "cpu");
    assert_string_equal(lab_kind_name(LAB_PERIODIC), "periodic");
    assert_string_equal(lab_kind_name(LAB_BURST), "burst");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_example),
        cmocka_unit_test(test_every_scenario_parses),
        cmocka_unit_test(test_malformed_specs_say_what_and_where),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
