#ifndef PARLEY_CNCURSES_SHIM_H
#define PARLEY_CNCURSES_SHIM_H

/* The wide-character curses API (wget_wch, cchar_t, waddnwstr, ...) is only declared
 * when these are defined before <ncurses.h>. A system-library target has no cSettings,
 * so this header is the one place to define them. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <ncurses.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Swift 6 rejects reads of mutable C globals; expose the ones Parley needs as functions. */
static inline WINDOW *parley_stdscr(void) { return stdscr; }
static inline WINDOW *parley_curscr(void) { return curscr; }
static inline WINDOW *parley_newscr(void) { return newscr; }
static inline int parley_lines(void) { return LINES; }
static inline int parley_cols(void) { return COLS; }
static inline int parley_colors(void) { return COLORS; }
static inline int parley_color_pairs(void) { return COLOR_PAIRS; }

/* A_* attributes expand through a function-like macro Swift cannot import. */
static const attr_t PARLEY_A_NORMAL = A_NORMAL;
static const attr_t PARLEY_A_REVERSE = A_REVERSE;
static const attr_t PARLEY_A_BOLD = A_BOLD;
static const attr_t PARLEY_A_DIM = A_DIM;
static const attr_t PARLEY_A_UNDERLINE = A_UNDERLINE;

static inline attr_t parley_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }

/* Mouse wheel masks (function-like NCURSES_MOUSE_MASK). */
static const mmask_t PARLEY_BUTTON4_PRESSED = BUTTON4_PRESSED;
static const mmask_t PARLEY_BUTTON5_PRESSED = BUTTON5_PRESSED;

/* wcwidth lives behind __USE_XOPEN in <wchar.h>, which Swift's Glibc module is built
 * without; declare it explicitly so Swift and ncurses measure cells with the same function. */
extern int wcwidth(wchar_t c);
static inline int parley_wcwidth(wchar_t c) { return wcwidth(c); }

/* The terminal size, for SIGWINCH handling under Dispatch (which replaces ncurses' handler). */
static inline int parley_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) { return -1; }
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/* Restoring the terminal when the process dies of a fatal signal (a trap, an abort, a crash),
 * where neither endwin() nor any Swift code can run safely. The handler only makes
 * async-signal-safe calls: tcsetattr() back to the modes saved before curses started, one
 * write() that leaves bracketed paste, mouse reporting and the alternate screen and shows the
 * cursor, then the signal's default action. */
/* State lives in function-local statics: Swift emits the inline functions it calls, but not
 * file-scope static variables of an imported header. */
static inline struct termios *parley_saved_termios(void) { static struct termios saved; return &saved; }
static inline volatile sig_atomic_t *parley_saved_termios_valid(void) { static volatile sig_atomic_t valid = 0; return &valid; }
/* Set while curses owns the terminal, so the handler does nothing after a clean endwin(). */
static inline volatile sig_atomic_t *parley_terminal_active_flag(void) { static volatile sig_atomic_t active = 0; return &active; }

static inline void parley_set_terminal_active(int active) { *parley_terminal_active_flag() = active; }

static inline void parley_restore_terminal_now(void) {
    static const char reset[] = "\033[?2004l\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1049l";
    if (!*parley_terminal_active_flag()) { return; }
    *parley_terminal_active_flag() = 0;
    if (*parley_saved_termios_valid()) { (void)tcsetattr(STDIN_FILENO, TCSANOW, parley_saved_termios()); }
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)ignored;
}

static inline void parley_fatal_signal_handler(int signo) {
    parley_restore_terminal_now();
    signal(signo, SIG_DFL);
    raise(signo);
}

/* Saves the terminal modes of standard input and installs the handler for fatal signals.
 * Returns 0 when the modes were saved. */
static inline int parley_install_fatal_signal_restore(void) {
    if (tcgetattr(STDIN_FILENO, parley_saved_termios()) == 0) { *parley_saved_termios_valid() = 1; }
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = parley_fatal_signal_handler;
        sigemptyset(&action.sa_mask);
        sigaction(fatal[i], &action, NULL);
    }
    return *parley_saved_termios_valid() ? 0 : -1;
}

/* Restores the terminal at exit() if curses still owns it (a C function, so it can run on
 * whichever thread calls exit()). */
static inline int parley_install_exit_restore(void) { return atexit(parley_restore_terminal_now); }

/* How many bytes wait to be read on `fd` (FIONREAD), or -1; ioctl() is variadic, which Swift
 * cannot call. */
static inline int parley_bytes_available(int fd) {
    int count = 0;
    if (ioctl(fd, FIONREAD, &count) != 0) { return -1; }
    return count;
}

/* Job control for Ctrl-Z. The terminal is in raw mode, so the tty driver never turns Ctrl-Z into
 * SIGTSTP; this does what it would have done: SIGTSTP to the whole process group (a shell script
 * that started parley stops too, so the shell sees its job stopped), which the shell's job control
 * then takes over from. What stands in the way, and how:
 *   - ncurses installs a SIGTSTP handler of its own (in newterm) that would call curses from
 *     inside the signal handler, on whichever thread takes it. The default action (stop) is
 *     used instead, and ncurses' handler is put back afterwards.
 *   - The process-directed signal may be taken by any thread that does not block it (under
 *     dispatchMain() the main thread waits in sigsuspend() with nothing blocked), so the calling
 *     thread could run on before the process is stopped. So the group's signal is ignored by this
 *     process (and any instance queued anyway is discarded by setting SIG_IGN once more), and
 *     this thread then stops the process with a SIGTSTP of its own, unblocked, which it takes
 *     itself before raise() returns.
 * Returns 0 once the process has been continued by SIGCONT (`fg`, `bg`), or at once if the kernel
 * would not stop it (an orphaned process group, with no shell left to continue it); -1 if a
 * signal could not be sent. */
static inline int parley_stop_process_group(void) {
    struct sigaction ignore, stop, previous;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &ignore, &previous);
    int result = kill(0, SIGTSTP);
    sigaction(SIGTSTP, &ignore, NULL);
    sigaction(SIGTSTP, &stop, NULL);
    sigset_t tstp, savedMask;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, &savedMask);
    if (raise(SIGTSTP) != 0) { result = -1; }
    pthread_sigmask(SIG_SETMASK, &savedMask, NULL);
    sigaction(SIGTSTP, &previous, NULL);
    return result;
}

/* Whether this process's group is the foreground group of the terminal on `fd` (1), or not (0:
 * it was continued in the background, with `bg`). 1 when `fd` is not a terminal. */
static inline int parley_is_foreground(int fd) {
    pid_t group = tcgetpgrp(fd);
    return group < 0 || group == getpgrp();
}

/* The button state of the mouse event a KEY_MOUSE announced, or 0 if none could be read. */
static inline mmask_t parley_mouse_buttons(void) {
    MEVENT event;
    if (getmouse(&event) != OK) { return 0; }
    return event.bstate;
}


#endif
