/* _cchars.h: Python's character tests on code points, as both compiled modules use them:
 * ``isspace`` (what ``str.split()`` splits on), ``isdecimal`` (regex \d), the lowercase of
 * one code point, and ``_DIGIT.search``.  chars_init fills their tables: each module's init
 * calls it.  Included by _cprefilter.c and _cclassify.c (each one translation unit). */
#ifndef BLOGWASH_CCHARS_H
#define BLOGWASH_CCHARS_H

#define CAPITAL_SIGMA 0x3A3

/* The answers of CPython's own character functions for the first code points (Latin,
 * Greek, Cyrillic, Hebrew, Arabic...), read once by chars_init: a table lookup instead of
 * a call per code point. Exact by construction; other code points call the functions. */
#define SMALL_CHARS 0x2100
#define CHAR_SPACE 1   /* Py_UNICODE_ISSPACE */
#define CHAR_DECIMAL 2 /* Py_UNICODE_ISDECIMAL (regex \d) */
static uint8_t small_flags[SMALL_CHARS];
/* The lowercase when _PyUnicode_ToLowerFull gives a single BMP code point, else 0. */
static uint16_t small_lower[SMALL_CHARS];
/* Whether a code point from U+0080 to U+00FF is a decimal (regex \d): none is in Unicode,
 * read from CPython anyway. */
static int latin1_decimals;
/* The lowercase of each Latin-1 code point, and whether each is one Latin-1 code point
 * (latin1_lower_ok: so a token of Latin-1 code points lowers to one of the same length). */
static Py_UCS4 latin1_lower[256];
static int latin1_lower_ok;
/* Whether the Latin-1 whitespace is exactly U+0009..U+000D, U+001C..U+0020, U+0085 and
 * U+00A0, and the BMP's those and U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F
 * and U+3000 (what the SSE2 head scan tests). */
static int latin1_spaces_ok, bmp_spaces_ok;

static void
chars_init(void)
{
    for (Py_UCS4 c = 0; c < SMALL_CHARS; c++) {
        Py_UCS4 mapped[3];
        int m = _PyUnicode_ToLowerFull(c, mapped);
        small_lower[c] = (m == 1 && mapped[0] < 0x10000) ? (uint16_t)mapped[0] : 0;
        small_flags[c] = (Py_UNICODE_ISSPACE(c) ? CHAR_SPACE : 0)
                         | (Py_UNICODE_ISDECIMAL(c) ? CHAR_DECIMAL : 0);
        latin1_decimals |= c > 127 && c < 256 && Py_UNICODE_ISDECIMAL(c);
    }
    latin1_lower_ok = latin1_spaces_ok = bmp_spaces_ok = 1;
    for (Py_UCS4 c = 0; c < 256; c++) {
        Py_UCS4 mapped[3];
        int m = _PyUnicode_ToLowerFull(c, mapped);
        latin1_lower[c] = mapped[0];
        latin1_lower_ok &= m == 1 && mapped[0] < 256;
        int listed = (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85
                     || c == 0xA0;
        latin1_spaces_ok &= listed == (Py_UNICODE_ISSPACE(c) != 0);
    }
    for (Py_UCS4 c = 0; c < 0x10000; c++) {
        int listed = (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85
                     || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
                     || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
        bmp_spaces_ok &= listed == (Py_UNICODE_ISSPACE(c) != 0);
    }
}

/* ``chr(c).isspace()`` (what ``str.split()`` splits on) */
static inline int
is_space(Py_UCS4 c)
{
    return c < SMALL_CHARS ? small_flags[c] & CHAR_SPACE : Py_UNICODE_ISSPACE(c);
}

/* ``chr(c).isdecimal()``: what regex \d matches in a str pattern */
static inline int
is_decimal(Py_UCS4 c)
{
    return c < SMALL_CHARS ? small_flags[c] & CHAR_DECIMAL : Py_UNICODE_ISDECIMAL(c);
}

/* The lowercase of an ASCII code point (what str.lower gives it). */
static inline Py_UCS4
ascii_lower(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* The full lowercase of c (not U+03A3, see lower_span) into mapped[0..2]; returns how many
 * code points it has. */
static inline int
lower_char(Py_UCS4 c, Py_UCS4 *mapped)
{
    if (c < SMALL_CHARS && small_lower[c] != 0) {
        mapped[0] = small_lower[c];
        return 1;
    }
    return _PyUnicode_ToLowerFull(c, mapped);
}

/* ``_DIGIT.search(s) is not None``: a Unicode decimal (regex \d) in data[0:n). */
static inline Py_ALWAYS_INLINE int
has_decimal(int kind, const void *data, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (is_decimal(c)) {
            return 1;
        }
    }
    return 0;
}

#endif /* BLOGWASH_CCHARS_H */
