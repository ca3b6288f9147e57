/* Host tests of src/kernel/boot/bootinfo.c: ATAG lists and DTBs built here, parsed from the very end
 * of exactly-sized heap buffers so that AddressSanitizer catches any read past max_len. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/boot/bootinfo.h"
#include "lib/errno.h"

#define ATAG_NONE    0x00000000u
#define ATAG_CORE    0x54410001u
#define ATAG_MEM     0x54410002u
#define ATAG_CMDLINE 0x54410009u

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u

/* Header field offsets, and where our builder puts the blocks. */
#define FDT_TOTALSIZE    4
#define FDT_OFF_STRUCT   8
#define FDT_OFF_STRINGS  12
#define FDT_VERSION      20
#define FDT_SIZE_STRINGS 32
#define FDT_SIZE_STRUCT  36
#define FDT_STRUCT_START 56 /* 40-byte header, then an empty 16-byte reservation map */

static void put_le32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static void put_be32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (24 - 8 * i));
}

static uint32_t get_be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Copies len bytes of blob to the end of a heap buffer of len + skew bytes and parses it there
 * with max_len = len: the byte after the blob is a redzone. skew 1 makes the start odd. */
static int parse_skewed(const void *blob, size_t len, size_t skew, struct bootinfo *bi)
{
    uint8_t *buf = malloc(len + skew);
    assert_non_null(buf);
    memcpy(buf + skew, blob, len);
    memset(bi, 0xa5, sizeof *bi); /* the parser must overwrite every field */
    int ret = bootinfo_parse(buf + skew, len, bi);
    free(buf);
    return ret;
}

static int parse_tail(const void *blob, size_t len, struct bootinfo *bi)
{
    return parse_skewed(blob, len, 0, bi);
}

/* ---- ATAG list builder: little-endian words -------------------------------------------- */

struct atags {
    uint8_t b[4096];
    size_t len;
};

static void atag_word(struct atags *a, uint32_t v)
{
    assert_true(a->len + 4 <= sizeof a->b);
    put_le32(a->b + a->len, v);
    a->len += 4;
}

/* A tag of 2 + ceil(n / 4) words; the payload's padding is zero. */
static void atag_add(struct atags *a, uint32_t tag, const void *payload, size_t n)
{
    size_t words = (n + 3) / 4;
    atag_word(a, (uint32_t)(2 + words));
    atag_word(a, tag);
    assert_true(a->len + words * 4 <= sizeof a->b);
    memset(a->b + a->len, 0, words * 4);
    memcpy(a->b + a->len, payload, n);
    a->len += words * 4;
}

static void atag_core(struct atags *a)
{
    const uint32_t core[3] = {1, 4096, 0}; /* flags, pagesize, rootdev */
    a->len = 0;
    atag_add(a, ATAG_CORE, core, sizeof core);
}

static void atag_mem(struct atags *a, uint32_t start, uint32_t size)
{
    atag_word(a, 4);
    atag_word(a, ATAG_MEM);
    atag_word(a, size);
    atag_word(a, start);
}

static void atag_cmdline(struct atags *a, const char *s)
{
    atag_add(a, ATAG_CMDLINE, s, strlen(s) + 1);
}

static void atag_none(struct atags *a)
{
    atag_word(a, 0);
    atag_word(a, ATAG_NONE);
}

/* ---- FDT builder: header, empty reservation map, structure block, strings block ------ */

struct fdt {
    uint8_t st[8192];
    size_t st_len;
    char str[512];
    size_t str_len;
};

static void fdt_word(struct fdt *f, uint32_t v)
{
    assert_true(f->st_len + 4 <= sizeof f->st);
    put_be32(f->st + f->st_len, v);
    f->st_len += 4;
}

/* Appends n bytes and zero padding up to the next token boundary. */
static void fdt_bytes(struct fdt *f, const void *p, size_t n)
{
    size_t padded = (n + 3) & ~(size_t)3;
    assert_true(f->st_len + padded <= sizeof f->st);
    memset(f->st + f->st_len, 0, padded);
    memcpy(f->st + f->st_len, p, n);
    f->st_len += padded;
}

static uint32_t fdt_string(struct fdt *f, const char *name)
{
    for (size_t off = 0; off < f->str_len; off += strlen(f->str + off) + 1)
        if (strcmp(f->str + off, name) == 0)
            return (uint32_t)off;
    size_t n = strlen(name) + 1;
    assert_true(f->str_len + n <= sizeof f->str);
    memcpy(f->str + f->str_len, name, n);
    f->str_len += n;
    return (uint32_t)(f->str_len - n);
}

static void fdt_begin(struct fdt *f, const char *name)
{
    fdt_word(f, FDT_BEGIN_NODE);
    fdt_bytes(f, name, strlen(name) + 1);
}

static void fdt_end_node(struct fdt *f)
{
    fdt_word(f, FDT_END_NODE);
}

static void fdt_prop(struct fdt *f, const char *name, const void *val, uint32_t len)
{
    fdt_word(f, FDT_PROP);
    fdt_word(f, len);
    fdt_word(f, fdt_string(f, name));
    fdt_bytes(f, val, len);
}

static void fdt_prop_str(struct fdt *f, const char *name, const char *s)
{
    fdt_prop(f, name, s, (uint32_t)strlen(s) + 1);
}

/* A property of n big-endian cells. */
static void fdt_prop_cells(struct fdt *f, const char *name, const uint32_t *cells, size_t n)
{
    uint8_t v[64];
    assert_true(n * 4 <= sizeof v);
    for (size_t i = 0; i < n; i++)
        put_be32(v + 4 * i, cells[i]);
    fdt_prop(f, name, v, (uint32_t)(n * 4));
}

static void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v)
{
    fdt_prop_cells(f, name, &v, 1);
}

/* Starts a tree: the root node with the given cells (0 = leave the property out). */
static void fdt_root(struct fdt *f, uint32_t addr_cells, uint32_t size_cells)
{
    f->st_len = 0;
    f->str_len = 0;
    fdt_begin(f, "");
    if (addr_cells)
        fdt_prop_u32(f, "#address-cells", addr_cells);
    if (size_cells)
        fdt_prop_u32(f, "#size-cells", size_cells);
}

/* Closes the root and ends the structure block. */
static void fdt_finish(struct fdt *f)
{
    fdt_end_node(f);
    fdt_word(f, FDT_END);
}

/* Lays the blob out in out (sized generously by the caller) and returns its totalsize. */
static size_t fdt_blob(const struct fdt *f, uint8_t *out)
{
    size_t total = FDT_STRUCT_START + f->st_len + f->str_len;
    memset(out, 0, FDT_STRUCT_START);
    put_be32(out + 0, FDT_MAGIC);
    put_be32(out + FDT_TOTALSIZE, (uint32_t)total);
    put_be32(out + FDT_OFF_STRUCT, FDT_STRUCT_START);
    put_be32(out + FDT_OFF_STRINGS, (uint32_t)(FDT_STRUCT_START + f->st_len));
    put_be32(out + 16, 40); /* off_mem_rsvmap */
    put_be32(out + FDT_VERSION, 17);
    put_be32(out + 24, 16); /* last_comp_version */
    put_be32(out + FDT_SIZE_STRINGS, (uint32_t)f->str_len);
    put_be32(out + FDT_SIZE_STRUCT, (uint32_t)f->st_len);
    memcpy(out + FDT_STRUCT_START, f->st, f->st_len);
    memcpy(out + FDT_STRUCT_START + f->st_len, f->str, f->str_len);
    return total;
}

/* A Raspberry Pi 2 style tree: 1/1 cells, memory@0, chosen with bootargs. */
static void fdt_pi(struct fdt *f, const char *bootargs)
{
    static const uint32_t mem[] = {0x00000000, 0x3b000000};
    fdt_root(f, 1, 1);
    fdt_prop_str(f, "compatible", "raspberrypi,2-model-b");
    fdt_begin(f, "chosen");
    fdt_prop_str(f, "bootargs", bootargs);
    fdt_end_node(f);
    fdt_begin(f, "memory@0");
    fdt_prop_str(f, "device_type", "memory");
    fdt_prop_cells(f, "reg", mem, 2);
    fdt_end_node(f);
    fdt_finish(f);
}

static struct fdt tree;
static uint8_t blob[16384];

/* ---- ATAGS ------------------------------------------------------------------------------ */

static void test_atags_core_mem_cmdline(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_mem(&a, 0x10000000, 0x2c000000);
    atag_cmdline(&a, "console=ttyAMA0 demo=tick");
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), 0);
    assert_int_equal(bi.source, BOOTINFO_ATAGS);
    assert_int_equal(bi.mem_base, 0x10000000);
    assert_int_equal(bi.mem_size, 0x2c000000);
    assert_int_equal(bi.has_cmdline, 1);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_string_equal(bi.cmdline, "console=ttyAMA0 demo=tick");
    assert_null(bi.error);
}

static void test_atags_core_only(void **state)
{
    (void)state;
    struct atags a = {.len = 0};
    struct bootinfo bi;
    atag_word(&a, 2); /* the short form of ATAG_CORE: no payload */
    atag_word(&a, ATAG_CORE);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), 0);
    assert_int_equal(bi.source, BOOTINFO_ATAGS);
    assert_int_equal(bi.mem_base, 0);
    assert_int_equal(bi.mem_size, 0);
    assert_int_equal(bi.has_cmdline, 0);
    assert_string_equal(bi.cmdline, "");
    assert_null(bi.error);
}

static void test_atags_cmdline_truncated(void **state)
{
    (void)state;
    static char line[1500 + 1];
    struct atags a;
    struct bootinfo bi;
    for (size_t i = 0; i < 1500; i++)
        line[i] = (char)('a' + i % 26);
    line[1500] = '\0';
    atag_core(&a);
    atag_cmdline(&a, line);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), 0);
    assert_int_equal(bi.has_cmdline, 1);
    assert_int_equal(bi.cmdline_truncated, 1);
    assert_int_equal(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
    assert_memory_equal(bi.cmdline, line, BOOTINFO_CMDLINE_MAX - 1);

    line[BOOTINFO_CMDLINE_MAX - 1] = '\0'; /* exactly 1023 characters still fit */
    atag_core(&a);
    atag_cmdline(&a, line);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), 0);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_string_equal(bi.cmdline, line);
}

static void test_atags_cmdline_without_nul(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_add(&a, ATAG_CMDLINE, "demo=timers!", 12); /* fills its 3 words, no NUL */
    atag_mem(&a, 0, 0x3b000000);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), 0);
    assert_int_equal(bi.has_cmdline, 1);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_string_equal(bi.cmdline, "demo=timers!");
    assert_int_equal(bi.mem_size, 0x3b000000);
}

static void test_atags_unknown_tag_skipped_first_mem_wins(void **state)
{
    (void)state;
    static const uint32_t revision = 0xa21041;
    static const uint8_t odd[9] = {0x02, 0, 0, 0, 0x02, 0, 0, 0x54, 0xff}; /* looks like a tag */
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_add(&a, 0x54410007, &revision, sizeof revision); /* ATAG_REVISION: not ours */
    atag_add(&a, 0x12345678, odd, sizeof odd);
    atag_add(&a, ATAG_NONE, &revision, sizeof revision); /* only size 0 ends the list */
    atag_mem(&a, 0x00000000, 0x1000000);
    atag_mem(&a, 0x80000000, 0x2000000);
    atag_cmdline(&a, "first");
    atag_cmdline(&a, "second");
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), 0);
    assert_int_equal(bi.mem_base, 0);
    assert_int_equal(bi.mem_size, 0x1000000);
    assert_string_equal(bi.cmdline, "first");
}

static void test_atags_tag_size_one(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_mem(&a, 0x8000, 0x4000000);
    atag_word(&a, 1);
    atag_word(&a, ATAG_CMDLINE);
    atag_word(&a, 0);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_int_equal(bi.source, BOOTINFO_ATAGS);
    assert_string_equal(bi.error, "ATAGS: tag size below 2 words");
    assert_int_equal(bi.mem_base, 0x8000);
    assert_int_equal(bi.mem_size, 0x4000000);

    atag_core(&a); /* size 0 is only allowed for ATAG_NONE */
    atag_word(&a, 0);
    atag_word(&a, ATAG_MEM);
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_string_equal(bi.error, "ATAGS: tag size below 2 words");
}

static void test_atags_tag_past_max_len(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_mem(&a, 0x100000, 0x3000000);
    size_t cut = a.len + 12; /* inside the cmdline tag's payload */
    atag_cmdline(&a, "console=ttyAMA0,115200");
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, cut, &bi), -EINVAL);
    assert_int_equal(bi.source, BOOTINFO_ATAGS);
    assert_string_equal(bi.error, "ATAGS: tag runs past max_len");
    assert_int_equal(bi.mem_base, 0x100000);
    assert_int_equal(bi.mem_size, 0x3000000);
    assert_int_equal(bi.has_cmdline, 0);

    /* a size so large that size * 4 wraps a 32-bit size_t */
    atag_core(&a);
    atag_word(&a, 0x40000001);
    atag_word(&a, ATAG_CMDLINE);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_string_equal(bi.error, "ATAGS: tag runs past max_len");
}

static void test_atags_missing_none(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_mem(&a, 0, 0x3b000000);
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_string_equal(bi.error, "ATAGS: no ATAG_NONE before max_len");
    assert_int_equal(bi.mem_size, 0x3b000000);

    atag_word(&a, 0); /* half a terminator: its tag word is past max_len */
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_string_equal(bi.error, "ATAGS: no ATAG_NONE before max_len");
}

static void test_atags_bad_core_and_short_mem(void **state)
{
    (void)state;
    struct atags a = {.len = 0};
    struct bootinfo bi;
    atag_word(&a, 3);
    atag_word(&a, ATAG_CORE);
    atag_word(&a, 0);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_int_equal(bi.source, BOOTINFO_ATAGS);
    assert_string_equal(bi.error, "ATAGS: ATAG_CORE size is not 2 or 5 words");

    atag_core(&a);
    atag_cmdline(&a, "x=1");
    atag_word(&a, 3);
    atag_word(&a, ATAG_MEM);
    atag_word(&a, 0x1000);
    atag_none(&a);
    assert_int_equal(parse_tail(a.b, a.len, &bi), -EINVAL);
    assert_string_equal(bi.error, "ATAGS: ATAG_MEM shorter than 4 words");
    assert_string_equal(bi.cmdline, "x=1");
    assert_int_equal(bi.mem_size, 0);
}

static void test_atags_unaligned(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_mem(&a, 0x01020304, 0xa0b0c0d0);
    atag_cmdline(&a, "odd");
    atag_none(&a);
    for (size_t skew = 1; skew < 4; skew++) {
        assert_int_equal(parse_skewed(a.b, a.len, skew, &bi), 0);
        assert_int_equal(bi.mem_base, 0x01020304);
        assert_int_equal(bi.mem_size, 0xa0b0c0d0);
        assert_string_equal(bi.cmdline, "odd");
    }
}

/* ---- DTB -------------------------------------------------------------------------------- */

static void test_dtb_pi_style(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "coherent_pool=1M console=ttyAMA0 demo=tick");
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.source, BOOTINFO_DTB);
    assert_int_equal(bi.mem_base, 0);
    assert_int_equal(bi.mem_size, 0x3b000000);
    assert_int_equal(bi.has_cmdline, 1);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_string_equal(bi.cmdline, "coherent_pool=1M console=ttyAMA0 demo=tick");
    assert_null(bi.error);
}

static void test_dtb_2_2_cells_above_4g(void **state)
{
    (void)state;
    static const uint32_t reg[] = {0x1, 0x00000000, 0x2, 0x40000000, 0x3, 0x0, 0x0, 0x1000};
    static const uint32_t soc_mem[] = {0x7e000000, 0x1000000};
    struct bootinfo bi;
    fdt_root(&tree, 2, 2);
    fdt_word(&tree, FDT_NOP);
    fdt_begin(&tree, "soc"); /* deeper memory and chosen nodes are not the ones we want */
    fdt_prop_u32(&tree, "#address-cells", 1);
    fdt_begin(&tree, "memory");
    fdt_prop_cells(&tree, "reg", soc_mem, 2);
    fdt_end_node(&tree);
    fdt_begin(&tree, "chosen");
    fdt_prop_str(&tree, "bootargs", "wrong");
    fdt_end_node(&tree);
    fdt_end_node(&tree);
    fdt_begin(&tree, "memory");
    fdt_prop_cells(&tree, "reg", reg, 8); /* two banks: only the first counts */
    fdt_end_node(&tree);
    fdt_word(&tree, FDT_NOP);
    fdt_begin(&tree, "chosen");
    fdt_prop_str(&tree, "bootargs", "right");
    fdt_begin(&tree, "sub");
    fdt_prop_str(&tree, "bootargs", "wrong");
    fdt_end_node(&tree);
    fdt_end_node(&tree);
    fdt_begin(&tree, "chosen"); /* a second one is ignored */
    fdt_prop_str(&tree, "bootargs", "second");
    fdt_end_node(&tree);
    fdt_finish(&tree);
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.mem_base, 0x100000000ull);
    assert_int_equal(bi.mem_size, 0x240000000ull);
    assert_int_equal(bi.has_cmdline, 1);
    assert_string_equal(bi.cmdline, "right");
}

static void test_dtb_memory_names_and_default_cells(void **state)
{
    (void)state;
    static const uint32_t ctl[] = {0, 0x7e000000, 0x100};
    static const uint32_t mem0[] = {0, 0x1000, 0x2000}; /* default cells: 2 address, 1 size */
    static const uint32_t mem1[] = {0, 0x9000, 0x9000};
    struct bootinfo bi;
    fdt_root(&tree, 0, 0);
    fdt_begin(&tree, "memory-controller@7e000000");
    fdt_prop_cells(&tree, "reg", ctl, 3);
    fdt_end_node(&tree);
    fdt_begin(&tree, "memoryx");
    fdt_prop_cells(&tree, "reg", ctl, 3);
    fdt_end_node(&tree);
    fdt_begin(&tree, "memory@0");
    fdt_prop_cells(&tree, "reg", mem0, 3);
    fdt_end_node(&tree);
    fdt_begin(&tree, "memory@9000");
    fdt_prop_cells(&tree, "reg", mem1, 3);
    fdt_end_node(&tree);
    fdt_finish(&tree);
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.mem_base, 0x1000);
    assert_int_equal(bi.mem_size, 0x2000);
}

static void test_dtb_no_chosen_no_memory(void **state)
{
    (void)state;
    static const uint32_t mem[] = {0, 0x20000000};
    struct bootinfo bi;
    fdt_root(&tree, 1, 1);
    fdt_begin(&tree, "memory@0");
    fdt_prop_cells(&tree, "reg", mem, 2);
    fdt_end_node(&tree);
    fdt_finish(&tree);
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.mem_size, 0x20000000);
    assert_int_equal(bi.has_cmdline, 0);
    assert_string_equal(bi.cmdline, "");

    fdt_root(&tree, 1, 1); /* a chosen without bootargs: a grandchild's do not count */
    fdt_begin(&tree, "chosen");
    fdt_begin(&tree, "sub");
    fdt_prop_str(&tree, "bootargs", "nested");
    fdt_end_node(&tree);
    fdt_end_node(&tree);
    fdt_finish(&tree);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.source, BOOTINFO_DTB);
    assert_int_equal(bi.mem_base, 0);
    assert_int_equal(bi.mem_size, 0);
    assert_int_equal(bi.has_cmdline, 0);
    assert_null(bi.error);
}

static void test_dtb_bootargs_truncated_and_unterminated(void **state)
{
    (void)state;
    static char line[2000 + 1];
    struct bootinfo bi;
    for (size_t i = 0; i < 2000; i++)
        line[i] = (char)('0' + i % 10);
    line[2000] = '\0';
    fdt_pi(&tree, line);
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.has_cmdline, 1);
    assert_int_equal(bi.cmdline_truncated, 1);
    assert_int_equal(strlen(bi.cmdline), 1023);
    assert_memory_equal(bi.cmdline, line, 1023);
    assert_int_equal(bi.mem_size, 0x3b000000);

    fdt_root(&tree, 1, 1); /* a value without NUL ends at its length */
    fdt_begin(&tree, "chosen");
    fdt_prop(&tree, "bootargs", "demo=irq", 8);
    fdt_end_node(&tree);
    fdt_finish(&tree);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_string_equal(bi.cmdline, "demo=irq");
}

static void test_dtb_bad_magic(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "x");
    size_t len = fdt_blob(&tree, blob);
    put_be32(blob, 0xd00dfeef);
    assert_int_equal(parse_tail(blob, len, &bi), -ENOENT);
    assert_int_equal(bi.source, BOOTINFO_NONE);
    assert_null(bi.error);
    assert_int_equal(bi.mem_size, 0);
}

static void test_dtb_bad_totalsize_and_version(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "x");
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len - 1, &bi), -EINVAL);
    assert_int_equal(bi.source, BOOTINFO_DTB);
    assert_string_equal(bi.error, "DTB: totalsize exceeds max_len");

    put_be32(blob + FDT_TOTALSIZE, 39);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: totalsize smaller than the header");

    put_be32(blob + FDT_TOTALSIZE, (uint32_t)len);
    put_be32(blob + FDT_VERSION, 15);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: version older than 16");
}

static void test_dtb_version_16_has_no_struct_size(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "v16");
    size_t len = fdt_blob(&tree, blob);
    put_be32(blob + FDT_VERSION, 16);
    put_be32(blob + FDT_SIZE_STRUCT, 0xffffffff); /* meaningless before v17: must be ignored */
    assert_int_equal(parse_tail(blob, len, &bi), 0);
    assert_int_equal(bi.mem_size, 0x3b000000);
    assert_string_equal(bi.cmdline, "v16");
}

static void test_dtb_blocks_out_of_range(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "x");
    size_t len = fdt_blob(&tree, blob);
    put_be32(blob + FDT_OFF_STRUCT, (uint32_t)len + 4);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: structure block outside totalsize");

    put_be32(blob + FDT_OFF_STRUCT, FDT_STRUCT_START);
    put_be32(blob + FDT_SIZE_STRUCT, 0xfffffff0); /* offset + size wraps 32 bits */
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: structure block outside totalsize");

    put_be32(blob + FDT_SIZE_STRUCT, (uint32_t)tree.st_len);
    put_be32(blob + FDT_SIZE_STRINGS, (uint32_t)tree.str_len + 1);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: strings block outside totalsize");
}

static void test_dtb_prop_past_block(void **state)
{
    (void)state;
    static const uint32_t mem[] = {0x0, 0x3b000000};
    struct bootinfo bi;
    fdt_root(&tree, 1, 1);
    fdt_begin(&tree, "memory@0");
    fdt_prop_cells(&tree, "reg", mem, 2);
    fdt_end_node(&tree);
    fdt_begin(&tree, "chosen");
    size_t prop = tree.st_len;
    fdt_prop_str(&tree, "bootargs", "console=ttyAMA0");
    fdt_end_node(&tree);
    fdt_finish(&tree);
    size_t len = fdt_blob(&tree, blob);
    uint8_t *len_field = blob + FDT_STRUCT_START + prop + 4;
    /* 1 byte longer than what is left of the structure block (the strings follow it) */
    put_be32(len_field, (uint32_t)(tree.st_len - prop - 12 + 1));
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property value runs past the structure block");
    assert_int_equal(bi.mem_size, 0x3b000000); /* parsed before the fault: kept */
    assert_int_equal(bi.has_cmdline, 0);

    put_be32(len_field, 0xfffffffc); /* would wrap a 32-bit offset */
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property value runs past the structure block");

    /* the property header itself cut by the end of the block */
    put_be32(len_field, 16);
    put_be32(blob + FDT_SIZE_STRUCT, (uint32_t)(prop + 8));
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property header runs past the structure block");
}

static void test_dtb_string_offset_out_of_range(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_root(&tree, 1, 1);
    fdt_begin(&tree, "chosen");
    size_t prop = tree.st_len;
    fdt_prop_str(&tree, "bootargs", "a=b");
    fdt_end_node(&tree);
    fdt_finish(&tree);
    size_t len = fdt_blob(&tree, blob);
    uint8_t *nameoff = blob + FDT_STRUCT_START + prop + 8;
    uint32_t bootargs_off = get_be32(nameoff);
    put_be32(nameoff, (uint32_t)tree.str_len);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property name offset outside the strings block");

    put_be32(nameoff, 0xffffffff);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property name offset outside the strings block");

    /* "bootargs" is the last string: shrink the block so that its NUL falls outside */
    put_be32(nameoff, bootargs_off);
    put_be32(blob + FDT_SIZE_STRINGS, (uint32_t)tree.str_len - 1);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property name runs past the strings block");
    /* ... and outside the buffer too: the scan must stop at the block, not at a NUL */
    put_be32(blob + FDT_TOTALSIZE, (uint32_t)len - 1);
    assert_int_equal(parse_tail(blob, len - 1, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property name runs past the strings block");
}

static void test_dtb_missing_end(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "x");
    tree.st_len -= 4; /* drop FDT_END: the strings block follows directly */
    size_t len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: structure block ends before FDT_END");
    assert_int_equal(bi.mem_size, 0x3b000000);
    assert_string_equal(bi.cmdline, "x");
}

static void test_dtb_structure_errors(void **state)
{
    (void)state;
    struct bootinfo bi;
    size_t len;

    fdt_root(&tree, 1, 1); /* FDT_END with the root still open */
    fdt_word(&tree, FDT_END);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: FDT_END before the root node closed");

    fdt_root(&tree, 1, 1);
    fdt_finish(&tree);
    tree.st_len -= 4;
    fdt_end_node(&tree);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: FDT_END_NODE without an open node");

    fdt_root(&tree, 1, 1);
    fdt_finish(&tree);
    tree.st_len -= 4;
    fdt_begin(&tree, "second-root");
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: node after the root node");

    tree.st_len = tree.str_len = 0;
    fdt_prop_u32(&tree, "#size-cells", 1);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: property outside any node");

    fdt_root(&tree, 1, 1);
    fdt_word(&tree, 7);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: unknown structure block token");

    fdt_root(&tree, 0, 0); /* a node name without NUL at the end of the block */
    fdt_word(&tree, FDT_BEGIN_NODE);
    fdt_bytes(&tree, "abcd", 4);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: node name runs past the structure block");
}

static void test_dtb_bad_cells_and_short_reg(void **state)
{
    (void)state;
    static const uint32_t mem[] = {0x0, 0x1000};
    struct bootinfo bi;
    size_t len;

    fdt_root(&tree, 3, 1);
    fdt_begin(&tree, "memory@0");
    fdt_prop_cells(&tree, "reg", mem, 2);
    fdt_end_node(&tree);
    fdt_finish(&tree);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: root #address-cells or #size-cells is not 1 or 2");

    fdt_root(&tree, 2, 1); /* 2 + 1 cells needed, 2 given */
    fdt_begin(&tree, "memory@0");
    fdt_prop_cells(&tree, "reg", mem, 2);
    fdt_end_node(&tree);
    fdt_finish(&tree);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: memory reg shorter than one (address, size) pair");
    assert_int_equal(bi.mem_size, 0);

    fdt_root(&tree, 0, 0);
    fdt_prop(&tree, "#address-cells", "\0\0\0\1\0", 5);
    fdt_finish(&tree);
    len = fdt_blob(&tree, blob);
    assert_int_equal(parse_tail(blob, len, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: root #address-cells or #size-cells is not one cell");
}

static void test_dtb_unaligned(void **state)
{
    (void)state;
    struct bootinfo bi;
    fdt_pi(&tree, "console=ttyAMA0");
    size_t len = fdt_blob(&tree, blob);
    for (size_t skew = 1; skew < 4; skew++) {
        assert_int_equal(parse_skewed(blob, len, skew, &bi), 0);
        assert_int_equal(bi.source, BOOTINFO_DTB);
        assert_int_equal(bi.mem_size, 0x3b000000);
        assert_string_equal(bi.cmdline, "console=ttyAMA0");
    }
}

/* ---- neither, and tiny windows ---------------------------------------------------------- */

static void test_zeros(void **state)
{
    (void)state;
    static const uint8_t zeros[256];
    struct bootinfo bi;
    assert_int_equal(parse_tail(zeros, sizeof zeros, &bi), -ENOENT);
    assert_int_equal(bi.source, BOOTINFO_NONE);
    assert_int_equal(bi.mem_base, 0);
    assert_int_equal(bi.mem_size, 0);
    assert_int_equal(bi.has_cmdline, 0);
    assert_int_equal(bi.cmdline_truncated, 0);
    assert_null(bi.error);
    for (size_t i = 0; i < BOOTINFO_CMDLINE_MAX; i++)
        assert_int_equal(bi.cmdline[i], 0);

    assert_int_equal(bootinfo_parse(NULL, 4096, &bi), -ENOENT);
    assert_int_equal(bi.source, BOOTINFO_NONE);
}

static void test_tiny_max_len(void **state)
{
    (void)state;
    struct atags a;
    struct bootinfo bi;
    atag_core(&a);
    atag_none(&a);
    fdt_pi(&tree, "x");
    size_t len = fdt_blob(&tree, blob);
    assert_true(len > 40);

    assert_int_equal(parse_tail(a.b, 0, &bi), -ENOENT);
    assert_int_equal(bi.source, BOOTINFO_NONE);
    assert_int_equal(parse_tail(a.b, 4, &bi), -ENOENT);
    assert_int_equal(parse_tail(blob, 0, &bi), -ENOENT);
    assert_int_equal(parse_tail(blob, 4, &bi), -ENOENT);
    assert_int_equal(parse_tail(blob, 39, &bi), -ENOENT); /* header not visible */
    assert_int_equal(bi.source, BOOTINFO_NONE);

    /* ATAG_CORE's header is visible but its payload is not */
    assert_int_equal(parse_tail(a.b, 8, &bi), -EINVAL);
    assert_string_equal(bi.error, "ATAGS: tag runs past max_len");
    assert_int_equal(parse_tail(blob, 40, &bi), -EINVAL);
    assert_string_equal(bi.error, "DTB: totalsize exceeds max_len");
}

static void test_source_names(void **state)
{
    (void)state;
    assert_string_equal(bootinfo_source_name(BOOTINFO_NONE), "none");
    assert_string_equal(bootinfo_source_name(BOOTINFO_ATAGS), "ATAGS");
    assert_string_equal(bootinfo_source_name(BOOTINFO_DTB), "DTB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atags_core_mem_cmdline),
        cmocka_unit_test(test_atags_core_only),
        cmocka_unit_test(test_atags_cmdline_truncated),
        cmocka_unit_test(test_atags_cmdline_without_nul),
        cmocka_unit_test(test_atags_unknown_tag_skipped_first_mem_wins),
        cmocka_unit_test(test_atags_tag_size_one),
        cmocka_unit_test(test_atags_tag_past_max_len),
        cmocka_unit_test(test_atags_missing_none),
        cmocka_unit_test(test_atags_bad_core_and_short_mem),
        cmocka_unit_test(test_atags_unaligned),
        cmocka_unit_test(test_dtb_pi_style),
        cmocka_unit_test(test_dtb_2_2_cells_above_4g),
        cmocka_unit_test(test_dtb_memory_names_and_default_cells),
        cmocka_unit_test(test_dtb_no_chosen_no_memory),
        cmocka_unit_test(test_dtb_bootargs_truncated_and_unterminated),
        cmocka_unit_test(test_dtb_bad_magic),
        cmocka_unit_test(test_dtb_bad_totalsize_and_version),
        cmocka_unit_test(test_dtb_version_16_has_no_struct_size),
        cmocka_unit_test(test_dtb_blocks_out_of_range),
        cmocka_unit_test(test_dtb_prop_past_block),
        cmocka_unit_test(test_dtb_string_offset_out_of_range),
        cmocka_unit_test(test_dtb_missing_end),
        cmocka_unit_test(test_dtb_structure_errors),
        cmocka_unit_test(test_dtb_bad_cells_and_short_reg),
        cmocka_unit_test(test_dtb_unaligned),
        cmocka_unit_test(test_zeros),
        cmocka_unit_test(test_tiny_max_len),
        cmocka_unit_test(test_source_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
