#define _GNU_SOURCE
#include "terminal.h"
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

static void sigint_only(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
}

void terminal_block_sigint(void) {
    sigset_t set;
    sigint_only(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void terminal_accept_sigint(void) {
    sigset_t set;
    sigint_only(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int terminal_wait_readable_sigint(int fd) {
    sigset_t mask;
    pthread_sigmask(SIG_SETMASK, NULL, &mask);
    sigdelset(&mask, SIGINT);
    struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
    int ready = ppoll(&p, 1, NULL, &mask);
    if (ready < 0) return errno == EINTR ? 0 : -1;
    return 1;
}
