/* Boot info at r2: ATAGS (ARM Linux boot protocol, "Booting ARM Linux" section 4) or a DTB
 * (Devicetree Specification v0.3, chapter 5 "Flattened Devicetree (DTB) Format"). */
#include "kernel/boot/bootinfo.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/errno.h"

#define ATAG_NONE        0x00000000u
#define ATAG_CORE        0x54410001u
#define ATAG_MEM         0x54410002u
#define ATAG_CMDLINE     0x54410009u
#define ATAG_HEADER_SIZE 8u /* {size in words, tag} */

#define FDT_MAGIC       0xd00dfeedu
#define FDT_HEADER_SIZE 40u /* the v17 header: ten big-endian words */
enum fdt_token { FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9 };

enum fdt_node { NODE_OTHER, NODE_MEMORY, NODE_CHOSEN };

/* Where a DTB walk stands. Offsets into st are relative to the start of the structure block. */
struct fdt {
    const uint8_t *st; /* structure block */
    size_t st_len;
    const uint8_t *str; /* strings block */
    size_t str_len;
    uint32_t addr_cells; /* the root's #address-cells and #size-cells */
    uint32_t size_cells;
    int depth;          /* open nodes: the root is 1, its children 2 */
    enum fdt_node node; /* kind of the open depth-2 node */
    bool seen_memory;   /* only the first memory node counts */
    bool root_done;     /* a second top-level node would be malformed */
};

/* Byte loads only: with the MMU off an unaligned word load faults, and r2 need not be aligned. */
static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* True when [off, off + len) lies within [0, limit); phrased so that nothing can overflow. */
static bool span_ok(size_t off, size_t len, size_t limit)
{
    return off <= limit && len <= limit - off;
}

/* Rounds up to the next token boundary; saturates so that a huge offset still fails span_ok. */
static size_t align4(size_t off)
{
    size_t pad = (0u - off) & 3u;
    return off <= SIZE_MAX - pad ? off + pad : SIZE_MAX;
}

static int fail(struct bootinfo *out, const char *why)
{
    out->error = why;
    return -EINVAL;
}

/* Takes a string that ends at its first NUL or after len bytes, whichever comes first. */
static void set_cmdline(struct bootinfo *out, const uint8_t *s, size_t len)
{
    size_t n = 0;
    for (; n < len && s[n] != '\0'; n++) {
        if (n == BOOTINFO_CMDLINE_MAX - 1) {
            out->cmdline_truncated = 1;
            break;
        }
        out->cmdline[n] = (char)s[n];
    }
    out->cmdline[n] = '\0';
    out->has_cmdline = 1;
}

/* Applies one ATAG whose payload of len bytes is known to lie inside the blob. */
static int atag_apply(uint32_t tag, const uint8_t *payload, size_t len, bool *seen_mem,
                      struct bootinfo *out)
{
    if (tag == ATAG_MEM && !*seen_mem) {
        if (len < 8)
            return fail(out, "ATAGS: ATAG_MEM shorter than 4 words");
        out->mem_size = le32(payload);
        out->mem_base = le32(payload + 4);
        *seen_mem = true;
    } else if (tag == ATAG_CMDLINE && !out->has_cmdline) {
        set_cmdline(out, payload, len);
    }
    return 0;
}

/* Called once b[4..8) reads ATAG_CORE. The first ATAG_MEM and ATAG_CMDLINE win. */
static int atags_parse(const uint8_t *b, size_t max_len, struct bootinfo *out)
{
    size_t off = 0;
    bool seen_mem = false;
    uint32_t core_words = le32(b);
    if (core_words != 2 && core_words != 5)
        return fail(out, "ATAGS: ATAG_CORE size is not 2 or 5 words");
    for (;;) {
        if (max_len - off < ATAG_HEADER_SIZE)
            return fail(out, "ATAGS: no ATAG_NONE before max_len");
        uint32_t words = le32(b + off);
        uint32_t tag = le32(b + off + 4);
        if (words == 0 && tag == ATAG_NONE) /* an ATAG_NONE with a size is just unknown */
            return 0;
        if (words < 2)
            return fail(out, "ATAGS: tag size below 2 words");
        if (words > (max_len - off) / 4)
            return fail(out, "ATAGS: tag runs past max_len");
        size_t bytes = (size_t)words * 4;
        int err =
            atag_apply(tag, b + off + ATAG_HEADER_SIZE, bytes - ATAG_HEADER_SIZE, &seen_mem, out);
        if (err)
            return err;
        off += bytes;
    }
}

/* Both strings are NUL-terminated: s was checked to end inside the blob. */
static bool str_eq(const uint8_t *s, const char *lit)
{
    size_t i = 0;
    for (; lit[i] != '\0'; i++)
        if (s[i] != (uint8_t)lit[i])
            return false;
    return s[i] == '\0';
}

static enum fdt_node fdt_classify(struct fdt *f, const uint8_t *name)
{
    if (str_eq(name, "chosen"))
        return NODE_CHOSEN;
    if (f->seen_memory)
        return NODE_OTHER;
    /* "memory" or "memory@<unit-address>", never "memory-controller" */
    for (size_t i = 0; i < 6; i++)
        if (name[i] != (uint8_t) "memory"[i])
            return NODE_OTHER;
    if (name[6] != '\0' && name[6] != '@')
        return NODE_OTHER;
    f->seen_memory = true;
    return NODE_MEMORY;
}

static int fdt_begin_node(struct fdt *f, size_t *pos, struct bootinfo *out)
{
    size_t n = *pos;
    if (f->root_done)
        return fail(out, "DTB: node after the root node");
    while (n < f->st_len && f->st[n] != '\0')
        n++;
    if (n == f->st_len)
        return fail(out, "DTB: node name runs past the structure block");
    if (++f->depth == 2)
        f->node = fdt_classify(f, f->st + *pos);
    *pos = align4(n + 1);
    return 0;
}

static int fdt_end_node(struct fdt *f, struct bootinfo *out)
{
    if (f->depth == 0)
        return fail(out, "DTB: FDT_END_NODE without an open node");
    if (--f->depth == 0)
        f->root_done = true;
    return 0;
}

/* A value of n big-endian cells (n is 1 or 2). */
static uint64_t fdt_cells(const uint8_t *v, uint32_t n)
{
    uint64_t x = 0;
    for (uint32_t i = 0; i < n; i++)
        x = x << 32 | be32(v + 4 * i);
    return x;
}

static int fdt_memory_reg(const struct fdt *f, const uint8_t *v, uint32_t len, struct bootinfo *out)
{
    uint32_t ac = f->addr_cells, sc = f->size_cells;
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
        return fail(out, "DTB: root #address-cells or #size-cells is not 1 or 2");
    if (len < (ac + sc) * 4)
        return fail(out, "DTB: memory reg shorter than one (address, size) pair");
    out->mem_base = fdt_cells(v, ac);
    out->mem_size = fdt_cells(v + 4 * ac, sc);
    return 0;
}

/* Properties precede subnodes (spec 5.4.2), so the root's cells are known before memory's reg. */
static int fdt_use_prop(struct fdt *f, const uint8_t *name, const uint8_t *v, uint32_t len,
                        struct bootinfo *out)
{
    bool addr = str_eq(name, "#address-cells");
    if (f->depth == 1 && (addr || str_eq(name, "#size-cells"))) {
        if (len != 4)
            return fail(out, "DTB: root #address-cells or #size-cells is not one cell");
        *(addr ? &f->addr_cells : &f->size_cells) = be32(v);
    } else if (f->depth == 2 && f->node == NODE_MEMORY && str_eq(name, "reg")) {
        return fdt_memory_reg(f, v, len, out);
    } else if (f->depth == 2 && f->node == NODE_CHOSEN && !out->has_cmdline &&
               str_eq(name, "bootargs")) {
        set_cmdline(out, v, len);
    }
    return 0;
}

static int fdt_prop(struct fdt *f, size_t *pos, struct bootinfo *out)
{
    if (f->depth == 0)
        return fail(out, "DTB: property outside any node");
    if (!span_ok(*pos, 8, f->st_len))
        return fail(out, "DTB: property header runs past the structure block");
    uint32_t len = be32(f->st + *pos);
    uint32_t nameoff = be32(f->st + *pos + 4);
    size_t val = *pos + 8;
    if (!span_ok(val, len, f->st_len))
        return fail(out, "DTB: property value runs past the structure block");
    if (nameoff >= f->str_len)
        return fail(out, "DTB: property name offset outside the strings block");
    size_t end = nameoff;
    while (end < f->str_len && f->str[end] != '\0')
        end++;
    if (end == f->str_len)
        return fail(out, "DTB: property name runs past the strings block");
    *pos = align4(val + len);
    return fdt_use_prop(f, f->str + nameoff, f->st + val, len, out);
}

static int fdt_walk(struct fdt *f, struct bootinfo *out)
{
    size_t pos = 0;
    int err = 0;
    while (err == 0) {
        if (!span_ok(pos, 4, f->st_len))
            return fail(out, "DTB: structure block ends before FDT_END");
        uint32_t token = be32(f->st + pos);
        pos += 4;
        if (token == FDT_BEGIN_NODE)
            err = fdt_begin_node(f, &pos, out);
        else if (token == FDT_END_NODE)
            err = fdt_end_node(f, out);
        else if (token == FDT_PROP)
            err = fdt_prop(f, &pos, out);
        else if (token == FDT_END)
            return f->root_done ? 0 : fail(out, "DTB: FDT_END before the root node closed");
        else if (token != FDT_NOP)
            return fail(out, "DTB: unknown structure block token");
    }
    return err;
}

/* Called once the magic matched and the whole header lies inside max_len. */
static int fdt_parse(const uint8_t *b, size_t max_len, struct bootinfo *out)
{
    uint32_t total = be32(b + 4), off_st = be32(b + 8), off_str = be32(b + 12);
    uint32_t version = be32(b + 20), size_str = be32(b + 32), size_st = be32(b + 36);
    if (total > max_len)
        return fail(out, "DTB: totalsize exceeds max_len");
    if (total < FDT_HEADER_SIZE)
        return fail(out, "DTB: totalsize smaller than the header");
    if (version < 16)
        return fail(out, "DTB: version older than 16");
    if (version < 17) /* no size_dt_struct yet: the block may run to the end of the blob */
        size_st = off_st <= total ? total - off_st : 0;
    if (!span_ok(off_st, size_st, total))
        return fail(out, "DTB: structure block outside totalsize");
    if (!span_ok(off_str, size_str, total))
        return fail(out, "DTB: strings block outside totalsize");

    struct fdt f = {
        .st = b + off_st,
        .st_len = size_st,
        .str = b + off_str,
        .str_len = size_str,
        .addr_cells = 2,
        .size_cells = 1, /* the spec's defaults (2.3.5) */
    };
    return fdt_walk(&f, out);
}

int bootinfo_parse(const void *p, size_t max_len, struct bootinfo *out)
{
    const uint8_t *b = p;
    *out = (struct bootinfo){.source = BOOTINFO_NONE, .error = NULL};
    /* r2 = 0 is "nothing passed"; address 0 holds vectors, never boot info */
    if (b == NULL)
        return -ENOENT;
    /* a window too short for the format's header holds nothing we could use: -ENOENT */
    if (max_len >= FDT_HEADER_SIZE && be32(b) == FDT_MAGIC) {
        out->source = BOOTINFO_DTB;
        return fdt_parse(b, max_len, out);
    }
    if (max_len >= ATAG_HEADER_SIZE && le32(b + 4) == ATAG_CORE) {
        out->source = BOOTINFO_ATAGS;
        return atags_parse(b, max_len, out);
    }
    return -ENOENT;
}

const char *bootinfo_source_name(enum bootinfo_source source)
{
    return source == BOOTINFO_ATAGS ? "ATAGS" : source == BOOTINFO_DTB ? "DTB" : "none";
}
