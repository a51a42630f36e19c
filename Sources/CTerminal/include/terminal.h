// C helpers for the shell's terminal: Ctrl-C delivery to the thread that runs Lua and reading
// the prompt's keys. Terminal concerns, not Lua's: a program that links only LuaHost keeps its
// own signal handling.
#ifndef ADMINSH_TERMINAL_H
#define ADMINSH_TERMINAL_H

/// Blocks SIGINT for the calling thread and so for every thread it creates later (the sandbox's
/// event loops, the Swift concurrency pool), which never receive it then. The shell calls it
/// first thing in `main`, before any other thread exists.
void terminal_block_sigint(void);
/// Unblocks SIGINT for the calling thread (the one that runs Lua and reads the prompt).
void terminal_accept_sigint(void);
/// Waits until `fd` is readable with SIGINT let in only during the wait (ppoll's atomic mask):
/// 1 readable, 0 interrupted by a signal, -1 error.
int terminal_wait_readable_sigint(int fd);

#endif
