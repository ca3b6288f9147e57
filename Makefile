# pinwheel build: `make` (kernel), `make test`, `make bench`, `make run`, `make gdb`, `make clean`
# (and `make soak`, `make fuzz`, `make lab`, ... below).
# Cross-compiled with Debian's arm-none-eabi-gcc 12; host unit tests use the host cc + cmocka.

VERSION    := 0.1.0
CROSS      ?= arm-none-eabi-
CC         := $(CROSS)gcc
OBJCOPY    := $(CROSS)objcopy
HOSTCC     ?= cc
PYTHON     := /usr/bin/python3
BUILD      := build

ARCHFLAGS  := -mcpu=cortex-a7 -marm -mfloat-abi=soft -mno-unaligned-access
# -fno-tree-loop-distribute-patterns: GCC must not turn memcpy's own loops (src/lib/string.c,
# in the kernel and in the user image) into calls to memcpy.
CFLAGS     := $(ARCHFLAGS) -O2 -g -std=gnu11 -Wall -Wextra -Werror -ffreestanding \
              -fno-common -fno-delete-null-pointer-checks -fno-tree-loop-distribute-patterns -Iinclude \
              -DPINWHEEL_VERSION='"$(VERSION)"' -MMD -MP
ASFLAGS    := $(ARCHFLAGS) -g -Iinclude -MMD -MP
LDFLAGS    := -nostdlib -T src/arch/arm/kernel.ld -Wl,--build-id=none -Wl,-z,noexecstack

# The IRQ-off meter (include/arch/arm/irqoff.h) is compiled in with METER=1, into its own
# BUILD: make bench builds it with `make METER=1 BUILD=build/meter build/meter/kernel7.img`.
ifeq ($(METER),1)
CFLAGS     += -DIRQOFF_METER
ASFLAGS    += -DIRQOFF_METER
endif

# Every .c and .S under src/ but src/user/ and src/chainload/ goes into the kernel.
KSRCS      := $(shell find src \( -path src/user -o -path src/chainload \) -prune -o \
                \( -name '*.c' -o -name '*.S' \) -print | LC_ALL=C sort)
KOBJS      := $(patsubst src/%,$(BUILD)/obj/%.o,$(KSRCS))
# The user image: src/user/ and its own copy of the pure library (src/lib/, the errno names)
# and of libgcc, partially linked into one object that processes run at USER_BASE. Only the
# symbols src/user/ defines stay global (the kernel names entry points and shared data); the
# library copies become local, so kernel and processes never call each other's code.
USRCS      := $(shell find src/user -name '*.c' -o -name '*.S' | LC_ALL=C sort)
UOBJS      := $(patsubst src/%,$(BUILD)/obj/%.o,$(USRCS))
ULIBOBJS   := $(patsubst src/%,$(BUILD)/obj/ulib/%.o,$(wildcard src/lib/*.c))
UIMAGE     := $(BUILD)/obj/user/image.o
KOBJS      += $(UIMAGE)
# The screen console's font: a Linux console font (Debian's console-setup-linux), turned into C.
FONT       ?= /usr/share/consolefonts/Lat15-Terminus16.psf.gz
KOBJS      += $(BUILD)/obj/gen/font.c.o

.PHONY: all run gdb test test-host test-qemu bench lab clean format fuzz fuzz-syscalls soak sdcard profile chainload
all: $(BUILD)/kernel.elf $(BUILD)/kernel7.img $(BUILD)/chainload.img

$(BUILD)/obj/%.c.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: src/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

$(BUILD)/obj/ulib/%.c.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (user copy)"
	@$(CC) $(CFLAGS) -c $< -o $@

$(UIMAGE): $(UOBJS) $(ULIBOBJS)
	@echo "  LD -r   $@"
	@$(CC) $(CFLAGS) -nostdlib -r $^ -lgcc -o $@.all
	@undefined=$$($(CROSS)nm -u $@.all); if [ -n "$$undefined" ]; then \
	    echo "user code uses what the user image does not have:"; echo "$$undefined"; exit 1; fi
	@$(CROSS)nm -g --defined-only $(UOBJS) | awk 'NF == 3 { print $$3 }' > $@.keep
	@$(OBJCOPY) --keep-global-symbols=$@.keep $@.all $@

# Generated sources: build/gen/NAME.c -> build/obj/gen/NAME.c.o. Change FONT with a clean build.
$(BUILD)/gen/font.c: $(FONT) scripts/psf2c.py
	@mkdir -p $(dir $@)
	@echo "  FONT    $<"
	@$(PYTHON) scripts/psf2c.py $< $@

$(BUILD)/obj/gen/%.c.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

# The object list itself, rewritten only when it changes: deleting a source relinks.
$(BUILD)/kobjs.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(KOBJS)' | cmp -s - $@ || echo '$(KOBJS)' > $@

.PHONY: FORCE
FORCE:

$(BUILD)/kernel.elf: $(KOBJS) src/arch/arm/kernel.ld $(BUILD)/kobjs.list
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) $(KOBJS) -lgcc -o $@

$(BUILD)/kernel7.img: $(BUILD)/kernel.elf
	@echo "  IMAGE   $@"
	@$(OBJCOPY) -O binary $< $@

# The serial chainloader (src/chainload/, docs/board.md): a kernel7.img of its own that receives
# the kernel over the UART. Its objects live apart from the kernel's (build/chainload/).
# The loader shares the kernel's PL011 driver (which uses no mailbox and nothing of the kernel).
CLSRCS     := $(shell find src/chainload -name '*.c' -o -name '*.S' | LC_ALL=C sort) \
              src/board/raspi2/bcm2835_uart.c
CLOBJS     := $(patsubst src/%,$(BUILD)/chainload/%.o,$(CLSRCS))

$(BUILD)/chainload/%.c.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/chainload/%.S.o: src/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -c $< -o $@

$(BUILD)/chainload.elf: $(CLOBJS) src/chainload/chainload.ld
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -nostdlib -T src/chainload/chainload.ld -Wl,--build-id=none \
	    -Wl,-z,noexecstack $(CLOBJS) -lgcc -o $@

$(BUILD)/chainload.img: $(BUILD)/chainload.elf
	@echo "  IMAGE   $@"
	@$(OBJCOPY) -O binary $< $@

chainload: $(BUILD)/chainload.img

# The firmware-like HYP shim used by the board-path test (tests/qemu/shim/).
$(BUILD)/shim.elf: tests/qemu/shim/shim.S tests/qemu/shim/shim.ld
	@mkdir -p $(dir $@)
	@echo "  SHIM    $@"
	@$(CC) $(ASFLAGS) -nostdlib -T tests/qemu/shim/shim.ld -Wl,--build-id=none $< -o $@

# A minimal device tree for the DTB boot test (tests/qemu/make_dtb.py).
$(BUILD)/test.dtb: tests/qemu/make_dtb.py
	@mkdir -p $(dir $@)
	@$(PYTHON) $< $@

run: all
	./qemu.sh

# An SD-card image for a board (docs/board.md): make sdcard FIRMWARE=DIR [CMDLINE="words"]
# [CHAINLOAD=1: the serial chainloader as kernel7.img].
sdcard: all
	@FIRMWARE="$(FIRMWARE)" CMDLINE="$(CMDLINE)" CHAINLOAD="$(CHAINLOAD)" scripts/sdcard.sh $(BUILD)/sdcard.img

gdb: all
	gdb-multiarch -q -ex 'target remote :1234' $(BUILD)/kernel.elf

# ---- host unit tests (cmocka) ---------------------------------------------------------------
# tests/host/test_<unit>.c is linked with the kernel sources listed in HOST_SRCS_<unit>.
HOSTCFLAGS := -O1 -g -std=gnu11 -Wall -Wextra -Werror -Itests/host/fake -Iinclude \
              -fsanitize=address,undefined -fno-sanitize-recover=all -DHOST_TEST
HOST_SRCS_kprintf  := src/lib/kprintf.c
HOST_SRCS_cmdline  := src/kernel/boot/cmdline.c
HOST_SRCS_ram      := src/kernel/boot/ram.c
HOST_SRCS_bootinfo := src/kernel/boot/bootinfo.c
HOST_SRCS_boardrev := src/kernel/boot/boardrev.c src/lib/kprintf.c
HOST_SRCS_irq      := src/kernel/irq/irq.c src/board/raspi2/bcm2835_intc.c src/lib/kprintf.c \
                      tests/host/fake/fake_mmio.c tests/host/fake/fake_console.c
HOST_SRCS_systimer := src/board/raspi2/bcm2835_systimer.c tests/host/fake/fake_mmio.c
HOST_SRCS_led      := src/board/raspi2/bcm2835_led.c tests/host/fake/fake_mmio.c
HOST_SRCS_fault    := src/arch/arm/fault_status.c
HOST_SRCS_lab_spec := src/kernel/lab/lab_spec.c
HOST_SRCS_taskset  := src/kernel/lab/taskset.c
HOST_SRCS_crc32    := src/chainload/crc32.c
HOST_SRCS_ring     :=
HOST_SRCS_page     := src/kernel/mm/page.c
HOST_SRCS_mmu      := src/arch/arm/mmu_desc.c
HOST_SRCS_kmap     := src/kernel/mm/vm_kmap.c src/arch/arm/mmu_desc.c
HOST_SRCS_cpu      := src/arch/arm/cpu.c
HOST_SRCS_uart     := src/board/raspi2/bcm2835_uart.c tests/host/fake/fake_mmio.c
HOST_SRCS_mbox     := src/board/raspi2/bcm2835_mbox.c src/board/raspi2/bcm2835_clock.c \
                      tests/host/fake/fake_mmio.c tests/host/fake/fake_dcache.c
HOST_SRCS_timer_heap := src/kernel/time/timer_heap.c
HOST_SRCS_timer_heap_check := src/kernel/time/timer_heap_check.c src/kernel/time/timer_heap.c
HOST_SRCS_timer    := src/kernel/time/timer.c src/kernel/time/timer_heap.c \
                      src/kernel/time/timer_heap_check.c tests/host/fake/fake_timer_hw.c \
                      tests/host/fake/fake_trace.c
HOST_SRCS_sched    := src/kernel/sched/sched.c src/kernel/sched/sched_rr.c src/kernel/sched/sched_prio.c \
                      src/kernel/sched/sched_stride.c src/kernel/sched/sched_rt.c \
                      src/kernel/sched/policies.c src/kernel/rt/job.c $(HOST_SRCS_timer)

.SECONDEXPANSION:
HOST_TESTS := $(patsubst tests/host/test_%.c,%,$(wildcard tests/host/test_*.c))
HOST_BINS  := $(addprefix $(BUILD)/host/test_,$(HOST_TESTS))

$(BUILD)/host/test_%: tests/host/test_%.c $$(HOST_SRCS_$$*) $(wildcard tests/host/fake/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(HOSTCFLAGS) $< $(HOST_SRCS_$*) -lcmocka -o $@
	@$(HOSTCC) $(HOSTCFLAGS) -MM -MP -MT $@ $< $(HOST_SRCS_$*) > $@.d

# ---- fuzzing: each parser, by libFuzzer (make fuzz) and replayed over its corpus (make test) ----
# tests/fuzz/fuzz_<target>.c is linked with the sources in FUZZ_SRCS_<target>.
FUZZ_TARGETS      := cmdline taskset bootinfo lab_spec
FUZZ_SRCS_cmdline  := src/kernel/boot/cmdline.c
FUZZ_SRCS_taskset  := src/kernel/lab/taskset.c
FUZZ_SRCS_bootinfo := src/kernel/boot/bootinfo.c
FUZZ_SRCS_lab_spec := src/kernel/lab/lab_spec.c
FUZZ_SECONDS      ?= 60
FUZZ_REPLAYS      := $(addprefix $(BUILD)/host/replay_,$(FUZZ_TARGETS))

$(BUILD)/host/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $$(FUZZ_SRCS_$$*)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(HOSTCFLAGS) -DCORPUS='"tests/fuzz/corpus/$*"' $^ -o $@
	@$(HOSTCC) $(HOSTCFLAGS) -MM -MP -MT $@ $^ > $@.d

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	@clang -g -O1 -std=gnu11 -Wall -Wextra -Werror -Iinclude -DHOST_TEST \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $^ -o $@

# Runs each fuzzer for FUZZ_SECONDS (60 by default) from its corpus; new inputs it finds go to
# build/fuzz/new-<target> (copy the useful ones to tests/fuzz/corpus/<target>). A crash stops
# it with the input that caused it, and make fuzz fails.
fuzz:
	@scripts/setup.sh --fuzz
	@$(MAKE) -s $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
	@$(PYTHON) scripts/fuzz.py $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The system-call fuzzer's long runs (test=fuzz, docs/robustness.md): FUZZ_CALLS random system
# calls under --icount for each seed in FUZZ_SEEDS, one line of figures each; a failing seed is
# printed with the command that replays it. make test runs short ones.
FUZZ_SEEDS ?= 1 2 3
FUZZ_CALLS ?= 100000
fuzz-syscalls: all
	@$(PYTHON) scripts/fuzz_syscalls.py --calls $(FUZZ_CALLS) $(FUZZ_SEEDS)

# The soak (test=soak, docs/robustness.md): 64 processes, sleepers, CPU hogs and spawners, for
# SOAK_SECONDS of virtual time under --icount with the PRNG seed SOAK_SEED; its output as it
# comes, then the host time. make test runs a short one.
SOAK_SECONDS ?= 600
SOAK_SEED    ?= 1
soak: all
	@$(PYTHON) scripts/soak.py --seconds $(SOAK_SECONDS) --seed $(SOAK_SEED)

test-host: $(HOST_BINS) $(FUZZ_REPLAYS)
	$(PYTHON) scripts/run_tests.py --host $(HOST_BINS) $(FUZZ_REPLAYS)

test-qemu: all $(BUILD)/shim.elf $(BUILD)/test.dtb
	$(PYTHON) scripts/run_tests.py --qemu

# One command, one summary line: host unit tests and QEMU suites.
test: all $(BUILD)/shim.elf $(BUILD)/test.dtb $(HOST_BINS) $(FUZZ_REPLAYS)
	$(PYTHON) scripts/run_tests.py --host $(HOST_BINS) $(FUZZ_REPLAYS) --qemu --python tests/lab tests/shell tests/screen tests/layers tests/sdcard tests/profile tests/chainload tests/irqoff tests/hw tests/led

# A newcomer's first experiment: the CPU-bound mix under round-robin and under stride.
lab: all
	$(PYTHON) scripts/lab.py run cpu-mix --sched rr
	$(PYTHON) scripts/lab.py run cpu-mix --sched stride
	$(PYTHON) scripts/lab.py compare cpu-mix-rr-q10 cpu-mix-stride-q10

# Host benchmark of the timer queue against a sorted list (timer_heap.c built unchanged).
$(BUILD)/bench/bench_timer_queue: tests/bench/bench_timer_queue.c src/kernel/time/timer_heap.c tests/bench/bench_util.h \
                                  include/kernel/time/timer_heap.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -O2 -flto -std=gnu11 -Wall -Wextra -Werror -Iinclude $(filter %.c,$^) -o $@

# Host benchmark of the page allocator over a buffer the size of the Pi's RAM (page.c unchanged).
$(BUILD)/bench/bench_page: tests/bench/bench_page.c src/kernel/mm/page.c include/kernel/mm/page.h tests/bench/bench_util.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -O2 -flto -std=gnu11 -Wall -Wextra -Werror -Iinclude $(filter %.c,$^) -o $@

bench: all $(BUILD)/bench/bench_timer_queue $(BUILD)/bench/bench_page
	@$(PYTHON) scripts/bench.py

# Where the instructions go (docs/performance.md): make profile bench=NAME, NAME one of
# timer_irq, timer_irq_stamp, null_syscall, context_switch, wake; PROFILE_ARGS for more
# (e.g. PROFILE_ARGS='--event 3').
profile: all
	@$(PYTHON) scripts/profile.py --preset $(or $(bench),timer_irq) $(PROFILE_ARGS)

format:
	clang-format -i $$(find src include tests -name '*.[ch]')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
