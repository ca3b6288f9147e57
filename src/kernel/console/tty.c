/* Console input (include/kernel/console/tty.h). The interrupt handler drains the UART's receive
 * FIFO into the ring; when the ring is full it masks the receive interrupt, so further bytes
 * wait in the UART and QEMU (or a sender with flow control) is held back instead of bytes being
 * lost. */
#include "kernel/console/tty.h"

#include "kernel/irq/irq.h"
#include "kernel/mm/vm.h"
#include "kernel/power/panic.h"
#include "kernel/sched/proc_struct.h"
#include "kernel/sched/sched.h"
#include "lib/errno.h"
#include "lib/ring.h"

static const struct serial_dev *serial;
static uint8_t storage[TTY_INPUT_SIZE];
static struct ring input;
static struct proc *reader; /* blocked in read(), or NULL */
/* The console's one reader: the first process to call read() (the shell, at boot), until it
 * exits. Others get -EBUSY at once, so that a background process cannot take a line typed for
 * the shell by blocking in read() while the shell is busy. */
static int owner;
static uint32_t reader_buf; /* its buffer: a user address in its address space */
static uint32_t reader_len;

/* Moves what the UART holds into the ring, holding the UART back when the ring is full. */
static void drain(void)
{
    int c;
    while (!ring_full(&input) && (c = serial->getc()) >= 0)
        ring_put(&input, (uint8_t)c);
    serial->rx_irq(!ring_full(&input));
}

/* Moves up to len bytes from the ring to user address buf of p (checked writable by the caller,
 * and p's mappings cannot change while it waits), whichever address space is active. */
static uint32_t deliver(struct proc *p, uint32_t buf, uint32_t len)
{
    uint8_t chunk[64];
    uint32_t done = 0;
    while (done < len && ring_used(&input)) {
        uint32_t n = ring_get(&input, chunk, len - done < sizeof chunk ? len - done : sizeof chunk);
        if (vm_copy_out(&p->vm, buf + done, chunk, n))
            panic("tty: pid %d's read buffer, checked when it called, is no longer writable",
                  p->pid);
        done += n;
    }
    return done;
}

static void tty_irq(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    drain();
    if (reader && ring_used(&input)) {
        struct proc *p = reader;
        reader = 0;
        p->tf.r[0] = deliver(p, reader_buf, reader_len);
        drain(); /* room again: take what waited in the FIFO */
        sched_make_ready(p);
    }
}

int tty_init(const struct serial_dev *line)
{
    serial = line;
    ring_init(&input, storage, sizeof storage);
    reader = 0;
    int err = irq_register(serial->rx_irq_line, tty_irq, 0, 0);
    if (!err)
        serial->rx_irq(1);
    return err;
}

int tty_read(struct proc *p, uint32_t buf, uint32_t len)
{
    if (owner && owner != p->pid)
        return -EBUSY;
    owner = p->pid;
    if (len == 0)
        return 0;
    if (ring_used(&input)) {
        int n = (int)deliver(p, buf, len);
        drain();
        return n;
    }
    if (reader)
        panic("tty: pid %d reads while pid %d, the console's one reader, waits", p->pid,
              reader->pid);
    reader = p;
    reader_buf = buf;
    reader_len = len;
    p->state = PROC_READING;
    sched_leave_cpu();
    return 0;
}

void tty_forget(const struct proc *p)
{
    if (reader == p)
        reader = 0;
    if (owner == p->pid)
        owner = 0; /* the next process to read owns the console */
}
