/* Host tests of the translation-table descriptor builders (src/arch/arm/mmu_desc.c), every bit
 * checked against the ARMv7-A short-descriptor format (ARM ARM B3.5.1, TRE = 0, AFE = 0). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "arch/arm/mmu.h"

/* The expected layouts, written from the manual (Figures B3-4 and B3-5), not from mmu.h: each
 * table names every bit of its descriptor exactly once (test_field_tables checks that). */
struct field {
    const char *name;
    unsigned hi, lo;
};

enum {
    S_TYPE,
    S_B,
    S_C,
    S_XN,
    S_DOMAIN,
    S_IMP,
    S_AP10,
    S_TEX,
    S_AP2,
    S_S,
    S_NG,
    S_SUPER,
    S_NS,
    S_BASE,
    S_NFIELDS
};
static const struct field section_fields[S_NFIELDS] = {
    [S_TYPE] = {"type[1:0]", 1, 0}, [S_B] = {"B", 2, 2},           [S_C] = {"C", 3, 3},
    [S_XN] = {"XN", 4, 4},          [S_DOMAIN] = {"domain", 8, 5}, [S_IMP] = {"IMP", 9, 9},
    [S_AP10] = {"AP[1:0]", 11, 10}, [S_TEX] = {"TEX", 14, 12},     [S_AP2] = {"AP[2]", 15, 15},
    [S_S] = {"S", 16, 16},          [S_NG] = {"nG", 17, 17},       [S_SUPER] = {"bit18", 18, 18},
    [S_NS] = {"NS", 19, 19},        [S_BASE] = {"base", 31, 20},
};

enum { P_XN, P_TYPE, P_B, P_C, P_AP10, P_TEX, P_AP2, P_S, P_NG, P_BASE, P_NFIELDS };
static const struct field page_fields[P_NFIELDS] = {
    [P_XN] = {"XN", 0, 0},       [P_TYPE] = {"bit1", 1, 1},    [P_B] = {"B", 2, 2},
    [P_C] = {"C", 3, 3},         [P_AP10] = {"AP[1:0]", 5, 4}, [P_TEX] = {"TEX", 8, 6},
    [P_AP2] = {"AP[2]", 9, 9},   [P_S] = {"S", 10, 10},        [P_NG] = {"nG", 11, 11},
    [P_BASE] = {"base", 31, 12},
};

enum { T_TYPE, T_PXN, T_NS, T_SBZ, T_DOMAIN, T_IMP, T_BASE, T_NFIELDS };
static const struct field table_fields[T_NFIELDS] = {
    [T_TYPE] = {"type[1:0]", 1, 0}, [T_PXN] = {"PXN", 2, 2},       [T_NS] = {"NS", 3, 3},
    [T_SBZ] = {"SBZ", 4, 4},        [T_DOMAIN] = {"domain", 8, 5}, [T_IMP] = {"IMP", 9, 9},
    [T_BASE] = {"base", 31, 10},
};

/* TEX, C, B, S per memory type (Table B3-10). Device: TEX 000 C 0 B 1 is shareable device
 * whatever S says; the builder is expected to leave the ignored S bit 0. */
static const struct {
    enum mmu_mem mem;
    const char *name;
    uint32_t tex, c, b, s;
} mems[] = {
    {MMU_MEM_NORMAL, "normal", 1, 1, 1, 1},
    {MMU_MEM_UNCACHED, "uncached", 1, 0, 0, 1},
    {MMU_MEM_DEVICE, "device", 0, 0, 1, 0},
};

/* AP[2], AP[1:0] per permission (Table B3-8, AFE = 0). */
static const struct {
    uint32_t flags;
    const char *name;
    uint32_t ap2, ap10;
} perms[] = {
    {MMU_WRITE, "kernel RW", 0, 1},
    {0, "kernel RO", 1, 1},
    {MMU_USER | MMU_WRITE, "user RW", 0, 3},
    {MMU_USER, "user RO", 1, 3},
};

#define NMEMS  (sizeof mems / sizeof mems[0])
#define NPERMS (sizeof perms / sizeof perms[0])

/* Physical addresses to map: both ends of the space and some bit patterns in between. */
static const uint32_t pas[] = {0x00000000, 0x00100000, 0x3c000000, 0x3f200000,
                               0xa5a00000, 0x5a500000, 0xfff00000, 0x12345000};

static uint32_t get(uint32_t d, const struct field *f)
{
    uint32_t width = f->hi - f->lo + 1;
    uint32_t mask = width == 32 ? ~0u : (1u << width) - 1;
    return (d >> f->lo) & mask;
}

/* Fails naming the first field of d that differs from want[] (the fields' values). */
static void check_fields(uint32_t d, const struct field *fields, unsigned n, const uint32_t *want,
                         const char *what)
{
    for (unsigned i = 0; i < n; i++)
        if (get(d, &fields[i]) != want[i])
            fail_msg("%s: descriptor %08x has %s (bits %u:%u) = %#x, want %#x", what, d,
                     fields[i].name, fields[i].hi, fields[i].lo, get(d, &fields[i]), want[i]);
}

static void check_section(uint32_t d, uint32_t pa, unsigned mi, uint32_t ap2, uint32_t ap10,
                          uint32_t flags, const char *what)
{
    uint32_t want[S_NFIELDS] = {
        [S_TYPE] = 2,
        [S_B] = mems[mi].b,
        [S_C] = mems[mi].c,
        [S_XN] = (flags & MMU_EXEC) ? 0 : 1,
        [S_AP10] = ap10,
        [S_TEX] = mems[mi].tex,
        [S_AP2] = ap2,
        [S_S] = mems[mi].s,
        [S_NG] = (flags & MMU_GLOBAL) ? 0 : 1,
        [S_BASE] = pa >> 20,
    };
    check_fields(d, section_fields, S_NFIELDS, want, what);
}

static void check_page(uint32_t d, uint32_t pa, unsigned mi, uint32_t ap2, uint32_t ap10,
                       uint32_t flags, const char *what)
{
    uint32_t want[P_NFIELDS] = {
        [P_XN] = (flags & MMU_EXEC) ? 0 : 1,
        [P_TYPE] = 1,
        [P_B] = mems[mi].b,
        [P_C] = mems[mi].c,
        [P_AP10] = ap10,
        [P_TEX] = mems[mi].tex,
        [P_AP2] = ap2,
        [P_S] = mems[mi].s,
        [P_NG] = (flags & MMU_GLOBAL) ? 0 : 1,
        [P_BASE] = pa >> 12,
    };
    check_fields(d, page_fields, P_NFIELDS, want, what);
}

static void check_cover(const struct field *fields, unsigned n, const char *name)
{
    uint32_t seen = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t width = fields[i].hi - fields[i].lo + 1;
        uint32_t mask = (width == 32 ? ~0u : (1u << width) - 1) << fields[i].lo;
        if (seen & mask)
            fail_msg("%s: field %s overlaps another", name, fields[i].name);
        seen |= mask;
    }
    if (seen != ~0u)
        fail_msg("%s: bits %08x belong to no field", name, ~seen);
}

static void test_field_tables(void **state)
{
    (void)state;
    check_cover(section_fields, S_NFIELDS, "section");
    check_cover(page_fields, P_NFIELDS, "small page");
    check_cover(table_fields, T_NFIELDS, "page-table pointer");
}

/* Every memory type x permission x {exec, XN} x {global, nG}, at every test address. */
static void test_section_every_combination(void **state)
{
    (void)state;
    char what[128];
    for (unsigned mi = 0; mi < NMEMS; mi++)
        for (unsigned pi = 0; pi < NPERMS; pi++)
            for (uint32_t extra = 0; extra < 4; extra++)
                for (unsigned ai = 0; ai < sizeof pas / sizeof pas[0]; ai++) {
                    uint32_t flags = perms[pi].flags | ((extra & 1) ? MMU_EXEC : 0) |
                                     ((extra & 2) ? MMU_GLOBAL : 0);
                    uint32_t pa = pas[ai] & ~(MMU_SECTION_SIZE - 1);
                    snprintf(what, sizeof what, "section %s %s%s%s pa %08x", mems[mi].name,
                             perms[pi].name, (flags & MMU_EXEC) ? " exec" : "",
                             (flags & MMU_GLOBAL) ? " global" : "", pa);
                    check_section(mmu_l1_section(pa, mems[mi].mem, flags), pa, mi, perms[pi].ap2,
                                  perms[pi].ap10, flags, what);
                }
}

static void test_page_every_combination(void **state)
{
    (void)state;
    char what[128];
    for (unsigned mi = 0; mi < NMEMS; mi++)
        for (unsigned pi = 0; pi < NPERMS; pi++)
            for (uint32_t extra = 0; extra < 4; extra++)
                for (unsigned ai = 0; ai < sizeof pas / sizeof pas[0]; ai++) {
                    uint32_t flags = perms[pi].flags | ((extra & 1) ? MMU_EXEC : 0) |
                                     ((extra & 2) ? MMU_GLOBAL : 0);
                    uint32_t pa = pas[ai];
                    snprintf(what, sizeof what, "small page %s %s%s%s pa %08x", mems[mi].name,
                             perms[pi].name, (flags & MMU_EXEC) ? " exec" : "",
                             (flags & MMU_GLOBAL) ? " global" : "", pa);
                    check_page(mmu_l2_page(pa, mems[mi].mem, flags), pa, mi, perms[pi].ap2,
                               perms[pi].ap10, flags, what);
                }
}

/* Whole descriptors for a few cases worked out by hand from the manual, as a second opinion on
 * the field tables above. */
static void test_known_descriptors(void **state)
{
    (void)state;
    /* RAM, kernel RWX global: base 0x000, nG 0, S 1, AP2 0, TEX 001, AP 01, XN 0, C 1, B 1. */
    assert_int_equal(mmu_l1_section(0x00000000, MMU_MEM_NORMAL, MMU_WRITE | MMU_EXEC | MMU_GLOBAL),
                     0x0001140e);
    /* Peripherals, kernel RW XN global: TEX 000, C 0, B 1, AP 01, XN 1. */
    assert_int_equal(mmu_l1_section(0x3f200000, MMU_MEM_DEVICE, MMU_WRITE | MMU_GLOBAL),
                     0x3f200416);
    /* Framebuffer, kernel RW XN global: S 1, TEX 001, AP 01, XN 1, C 0, B 0. */
    assert_int_equal(mmu_l1_section(0x3c000000, MMU_MEM_UNCACHED, MMU_WRITE | MMU_GLOBAL),
                     0x3c011412);
    /* User data page, RW XN, per-ASID: nG 1, S 1, AP2 0, TEX 001, AP 11, C 1, B 1, XN 1. */
    assert_int_equal(mmu_l2_page(0x00432000, MMU_MEM_NORMAL, MMU_USER | MMU_WRITE), 0x00432c7f);
    /* User text page, RO exec, per-ASID: nG 1, S 1, AP2 1, TEX 001, AP 11, C 1, B 1, XN 0. */
    assert_int_equal(mmu_l2_page(0x00433000, MMU_MEM_NORMAL, MMU_USER | MMU_EXEC), 0x00433e7e);
    /* Kernel RO device page, global, XN: AP2 1, TEX 000, AP 01, B 1, XN 1. */
    assert_int_equal(mmu_l2_page(0x3f215000, MMU_MEM_DEVICE, MMU_GLOBAL), 0x3f215217);
    assert_int_equal(mmu_l1_table(0x00104c00), 0x00104c01);
}

static void test_table_pointer(void **state)
{
    (void)state;
    char what[64];
    static const uint32_t tables[] = {0x00000000, 0x00000400, 0x00104c00, 0x3bfffc00,
                                      0xfffffc00, 0x12345678, 0xffffffff};
    for (unsigned i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        uint32_t want[T_NFIELDS] = {[T_TYPE] = 1, [T_BASE] = tables[i] >> 10};
        snprintf(what, sizeof what, "page-table pointer pa %08x", tables[i]);
        check_fields(mmu_l1_table(tables[i]), table_fields, T_NFIELDS, want, what);
    }
}

/* Address bits below the block size are not the builders' to keep: they would land in the
 * attribute fields. Every low bit set must give the same descriptor as the aligned address. */
static void test_low_address_bits_dropped(void **state)
{
    (void)state;
    for (unsigned mi = 0; mi < NMEMS; mi++)
        for (uint32_t flags = 0; flags < 16; flags++) {
            assert_int_equal(mmu_l1_section(0x123fffff, mems[mi].mem, flags),
                             mmu_l1_section(0x12300000, mems[mi].mem, flags));
            assert_int_equal(mmu_l1_section(0xffffffff, mems[mi].mem, flags),
                             mmu_l1_section(0xfff00000, mems[mi].mem, flags));
            assert_int_equal(mmu_l2_page(0x12345fff, mems[mi].mem, flags),
                             mmu_l2_page(0x12345000, mems[mi].mem, flags));
            assert_int_equal(mmu_l2_page(0xffffffff, mems[mi].mem, flags),
                             mmu_l2_page(0xfffff000, mems[mi].mem, flags));
            assert_int_equal(mmu_l2_pa(mmu_l2_page(0x12345fff, mems[mi].mem, flags)), 0x12345000);
        }
    assert_int_equal(mmu_l1_table(0x123457ff), 0x12345401);
    assert_int_equal(mmu_l1_table(0x000003ff), 0x00000001);
}

/* The kernel's view: RAM, the GPU's framebuffer memory, then the peripherals and the local
 * (per-core) registers at 0x40000000. Every one of the 4096 entries is checked. */
static void test_kernel_layout(void **state)
{
    (void)state;
    uint32_t *l1 = aligned_alloc(MMU_L1_ALIGN, MMU_L1_ENTRIES * sizeof *l1);
    for (unsigned i = 0; i < MMU_L1_ENTRIES; i++)
        l1[i] = 0;
    const uint32_t krwx = MMU_WRITE | MMU_EXEC | MMU_GLOBAL, krw = MMU_WRITE | MMU_GLOBAL;
    mmu_l1_map_sections(l1, 0x00000000, 0x00000000, 0x3c000000, MMU_MEM_NORMAL, krwx);
    mmu_l1_map_sections(l1, 0x3c000000, 0x3c000000, 0x03000000, MMU_MEM_UNCACHED, krw);
    mmu_l1_map_sections(l1, 0x3f000000, 0x3f000000, 0x01100000, MMU_MEM_DEVICE, krw);

    char what[64];
    unsigned mapped = 0;
    for (uint32_t i = 0; i < MMU_L1_ENTRIES; i++) {
        uint32_t mb = i << 20;
        unsigned mi;
        uint32_t flags;
        if (mb < 0x3c000000) {
            mi = 0, flags = krwx;
        } else if (mb < 0x3f000000) {
            mi = 1, flags = krw;
        } else if (mb < 0x40100000) {
            mi = 2, flags = krw;
        } else {
            if (l1[i] != 0)
                fail_msg("entry %03x (va %08x) is %08x, want 0 (unmapped)", i, mb, l1[i]);
            continue;
        }
        snprintf(what, sizeof what, "entry %03x (va %08x, %s)", i, mb, mems[mi].name);
        check_section(l1[i], mb, mi, 0, 1, flags, what);
        mapped++;
    }
    assert_int_equal(mapped, 0x401);
    free(l1);
}

/* va and pa differ, and the entries either side of the range are left alone. */
static void test_map_sections_offset(void **state)
{
    (void)state;
    static uint32_t l1[MMU_L1_ENTRIES];
    for (unsigned i = 0; i < MMU_L1_ENTRIES; i++)
        l1[i] = 0xdeadbeef;
    mmu_l1_map_sections(l1, 0x80000000, 0x00100000, 0x00300000, MMU_MEM_NORMAL, MMU_WRITE);
    for (uint32_t i = 0; i < MMU_L1_ENTRIES; i++) {
        if (i >= 0x800 && i < 0x803) {
            char what[64];
            snprintf(what, sizeof what, "entry %03x", i);
            check_section(l1[i], 0x00100000 + ((i - 0x800) << 20), 0, 0, 1, MMU_WRITE, what);
        } else if (l1[i] != 0xdeadbeef) {
            fail_msg("entry %03x outside the range was written: %08x", i, l1[i]);
        }
    }
    mmu_l1_map_sections(l1, 0x00000000, 0x00000000, 0, MMU_MEM_NORMAL, MMU_WRITE);
    assert_int_equal(l1[0], 0xdeadbeef); /* size 0 maps nothing */
}

/* Hand-made small-page descriptors: fields set directly, so the decoder is checked against the
 * manual's encodings rather than against mmu_l2_page. */
static uint32_t small(uint32_t ap2, uint32_t ap10, uint32_t xn)
{
    return 0x00432000 | (ap2 << 9) | (ap10 << 4) | (1u << 1) | xn;
}

static void test_user_access_decoding(void **state)
{
    (void)state;
    /* Invalid (fault) entries, however the other bits look. */
    assert_int_equal(mmu_l2_user_access(0), 0);
    assert_int_equal(mmu_l2_user_access(0x00432030), 0); /* bits[1:0] = 00, AP = 11 */
    assert_int_equal(mmu_l2_user_access(0xfffffffc), 0);
    /* Kernel-only: AP[1:0] = 00 (no access) and 01 (privileged only), either AP[2]. */
    for (uint32_t ap2 = 0; ap2 < 2; ap2++)
        for (uint32_t ap10 = 0; ap10 < 2; ap10++)
            for (uint32_t xn = 0; xn < 2; xn++)
                assert_int_equal(mmu_l2_user_access(small(ap2, ap10, xn)), 0);
    /* AP = 010: privileged RW, user read-only. */
    assert_int_equal(mmu_l2_user_access(small(0, 2, 0)), MMU_USER | MMU_EXEC);
    assert_int_equal(mmu_l2_user_access(small(0, 2, 1)), MMU_USER);
    /* AP = 011: full access. */
    assert_int_equal(mmu_l2_user_access(small(0, 3, 1)), MMU_USER | MMU_WRITE);
    assert_int_equal(mmu_l2_user_access(small(0, 3, 0)), MMU_USER | MMU_WRITE | MMU_EXEC);
    /* AP = 110 (deprecated) and 111: read-only for everyone. */
    assert_int_equal(mmu_l2_user_access(small(1, 2, 1)), MMU_USER);
    assert_int_equal(mmu_l2_user_access(small(1, 3, 0)), MMU_USER | MMU_EXEC);
    assert_int_equal(mmu_l2_user_access(small(1, 3, 1)), MMU_USER);
    /* Memory type, S and nG do not change the answer. */
    assert_int_equal(mmu_l2_user_access(small(0, 3, 1) | 0xdcc), MMU_USER | MMU_WRITE);
}

/* Whatever mmu_l2_page builds with MMU_USER decodes back to the permissions asked for, and
 * without MMU_USER to nothing. */
static void test_user_access_round_trip(void **state)
{
    (void)state;
    for (unsigned mi = 0; mi < NMEMS; mi++)
        for (uint32_t flags = 0; flags < 16; flags++)
            for (unsigned ai = 0; ai < sizeof pas / sizeof pas[0]; ai++) {
                uint32_t d = mmu_l2_page(pas[ai], mems[mi].mem, flags);
                uint32_t want = (flags & MMU_USER) ? flags & (MMU_USER | MMU_WRITE | MMU_EXEC) : 0;
                if (mmu_l2_user_access(d) != want)
                    fail_msg("%s flags %x pa %08x: descriptor %08x decodes to %x, want %x",
                             mems[mi].name, flags, pas[ai], d, mmu_l2_user_access(d), want);
                assert_int_equal(mmu_l2_pa(d), pas[ai] & ~0xfffu);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_tables),
        cmocka_unit_test(test_section_every_combination),
        cmocka_unit_test(test_page_every_combination),
        cmocka_unit_test(test_known_descriptors),
        cmocka_unit_test(test_table_pointer),
        cmocka_unit_test(test_low_address_bits_dropped),
        cmocka_unit_test(test_kernel_layout),
        cmocka_unit_test(test_map_sections_offset),
        cmocka_unit_test(test_user_access_decoding),
        cmocka_unit_test(test_user_access_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
