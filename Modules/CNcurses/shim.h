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

/* Swift 6 rejects reads of mutable C globals; expose the ones Parley needs as functions. */
static inline WINDOW *parley_stdscr(void) { return stdscr; }
static inline WINDOW *parley_curscr(void) { return curscr; }
static inline WINDOW *parley_newscr(void) { return newscr; }
static inline int parley_lines(void) { return LINES; }
static inline int parley_cols(void) { return COLS; }
static inline int parley_colors(void) { return COLORS; }

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

#endif
