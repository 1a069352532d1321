/* _cstr.h: Python's str methods as blogwash's prefilter uses them, on spans of code points
 * (a str's data read with PyUnicode_READ whatever its kind, or a Buf as the 4-byte kind):
 * ``isspace`` and ``split()``, ``isdecimal`` (regex \d), ``lower()``, ``strip(chars)``.
 * Included by _cprefilter.c (one translation unit); needs _cwords.h. */
#ifndef BLOGWASH_CSTR_H
#define BLOGWASH_CSTR_H

#define CAPITAL_SIGMA 0x3A3

/* The answers of CPython's own character functions for the first code points (Latin,
 * Greek, Cyrillic, Hebrew, Arabic...), read once by chars_init: a table lookup instead of
 * a call per code point. Exact by construction; other code points call the functions. */
#define SMALL_CHARS 0x800
#define CHAR_SPACE 1   /* Py_UNICODE_ISSPACE */
#define CHAR_DECIMAL 2 /* Py_UNICODE_ISDECIMAL (regex \d) */
static uint8_t small_flags[SMALL_CHARS];
/* The lowercase when _PyUnicode_ToLowerFull gives a single BMP code point, else 0. */
static uint16_t small_lower[SMALL_CHARS];

static void
chars_init(void)
{
    for (Py_UCS4 c = 0; c < SMALL_CHARS; c++) {
        Py_UCS4 mapped[3];
        int m = _PyUnicode_ToLowerFull(c, mapped);
        small_lower[c] = (m == 1 && mapped[0] < 0x10000) ? (uint16_t)mapped[0] : 0;
        small_flags[c] = (Py_UNICODE_ISSPACE(c) ? CHAR_SPACE : 0)
                         | (Py_UNICODE_ISDECIMAL(c) ? CHAR_DECIMAL : 0);
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

/* out = str(data[a:b]).lower() computed by Python: for a span holding a capital sigma. */
static int
lower_with_python(Buf *out, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *span = PyUnicode_FromKindAndData(kind, (const char *)data + a * kind, b - a);
    if (span == NULL) {
        return -1;
    }
    PyObject *low = PyObject_CallMethod(span, "lower", NULL);
    Py_DECREF(span);
    if (low == NULL) {
        return -1;
    }
    int rc = buf_set(out, PyUnicode_KIND(low), PyUnicode_DATA(low), 0,
                     PyUnicode_GET_LENGTH(low));
    Py_DECREF(low);
    return rc;
}

/* out = str(data[a:b]).lower(), the full case mapping as CPython's do_lower applies it:
 * each code point maps alone (_PyUnicode_ToLowerFull) except U+03A3, whose lowercase
 * depends on the letters around it; a span holding one is lowered by Python itself.
 * (Always inlined, so each caller's loop is compiled for its string kind.) */
static inline Py_ALWAYS_INLINE int
lower_span(Buf *out, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (3 * (b - a) > out->cap && buf_reserve(out, 3 * (b - a)) < 0) {
        return -1; /* (a code point lowers to at most three) */
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128) {
            out->s[k++] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
        }
        else if (c == CAPITAL_SIGMA) {
            return lower_with_python(out, kind, data, a, b);
        }
        else {
            k += lower_char(c, out->s + k);
        }
    }
    out->n = k;
    return 0;
}

/* The head token starting at data[*i] (up to whitespace or ``end``), lowered into out as
 * lower_span does, in the same pass that finds its end; *i is left at its end and *hash
 * is hash_ucs4 of the lowered token. (The head loop's inner pass: always inlined.) */
static inline Py_ALWAYS_INLINE int
lower_token(Buf *out, int kind, const void *data, Py_ssize_t *i, Py_ssize_t end,
            uint64_t *hash)
{
    Py_ssize_t start = *i, j = start, k = 0;
    if (3 * (end - start) > out->cap && buf_reserve(out, 3 * (end - start)) < 0) {
        return -1;
    }
    Py_UCS4 *o = out->s;
    uint64_t h = HASH_START;
    for (; j < end; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (is_space(c)) {
            break;
        }
        if (c < 128) {
            c += (c >= 'A' && c <= 'Z') ? 'a' - 'A' : 0;
            o[k++] = c;
            h = HASH_STEP(h, c);
        }
        else if (c == CAPITAL_SIGMA) {
            while (j < end && !is_space(PyUnicode_READ(kind, data, j))) {
                j++;
            }
            *i = j;
            if (lower_with_python(out, kind, data, start, j) < 0) {
                return -1;
            }
            *hash = hash_ucs4(out->s, out->n);
            return 0;
        }
        else {
            int m = lower_char(c, o + k);
            for (int x = 0; x < m; x++) {
                h = HASH_STEP(h, o[k++]);
            }
        }
    }
    out->n = k;
    *i = j;
    *hash = h;
    return 0;
}

/* ``str.strip(chars)``: narrows [*a, *b) of data past the code points in ``chars``. */
static inline Py_ALWAYS_INLINE void
strip_span(const Buf *chars, int kind, const void *data, Py_ssize_t *a, Py_ssize_t *b)
{
    for (; *a < *b; (*a)++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, *a);
        Py_ssize_t j = 0;
        while (j < chars->n && chars->s[j] != c) {
            j++;
        }
        if (j == chars->n) {
            break;
        }
    }
    for (; *b > *a; (*b)--) {
        Py_UCS4 c = PyUnicode_READ(kind, data, *b - 1);
        Py_ssize_t j = 0;
        while (j < chars->n && chars->s[j] != c) {
            j++;
        }
        if (j == chars->n) {
            break;
        }
    }
}

/* The spans of the first ``want`` whitespace-separated tokens of data[0:n) (``str.split()``:
 * whitespace separates). Returns how many tokens there are, counting at most
 * ``want`` + 1 (so the caller can tell "more than ``want``"). */
static inline Py_ALWAYS_INLINE Py_ssize_t
split_spans(int kind, const void *data, Py_ssize_t n, Py_ssize_t want, Py_ssize_t *starts,
            Py_ssize_t *ends)
{
    Py_ssize_t count = 0, i = 0;
    while (count <= want) {
        while (i < n && is_space(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        if (i == n) {
            break;
        }
        Py_ssize_t start = i;
        while (i < n && !is_space(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        if (count < want) {
            starts[count] = start;
            ends[count] = i;
        }
        count++;
    }
    return count;
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

#endif /* BLOGWASH_CSTR_H */
