/* Link-time tables: modules add entries without anyone naming them (the idea of Linux's
 * initcalls). An entry is a const object placed in the section ".set.NAME.ORDER"; kernel.ld
 * gathers each table's sections sorted by name between __set_NAME_start and __set_NAME_end.
 * ORDER is two digits, so that "09" sorts before "10". Kernel image only (not host tests). */
#ifndef LIB_LINKER_SET_H
#define LIB_LINKER_SET_H

#define LINKER_SET_ENTRY(set, order)                                                               \
    __attribute__((used, aligned(4), section(".set." #set "." #order)))

/* Fails the build unless ORDER is two characters ("9" would sort after "40"). */
#define LINKER_SET_ORDER_CHECK(order)                                                              \
    _Static_assert(sizeof(#order) == 3, "link-time table order must be two digits: " #order)

/* Declares the bounds of table `set` of `type` entries. */
#define LINKER_SET_DECLARE(type, set) extern const type __set_##set##_start[], __set_##set##_end[]

/* for (const type *var = first; var < end; var++) over table `set`. */
#define LINKER_SET_FOREACH(type, set, var)                                                         \
    for (const type *var = __set_##set##_start; var < __set_##set##_end; var++)

#endif
