/* What the kernel printed during a host test (see fake_console.c). */
#ifndef FAKE_CONSOLE_H
#define FAKE_CONSOLE_H

const char *fake_console_output(void);
void fake_console_clear(void);

#endif
