/* _cview.h: Python's str character tests str.isdigit and str.isalpha (isdecimal and isspace:
 * _cchars.h), CharSet (the ``chars`` of str.strip(chars), or a regex character class), View (a
 * read-only view of a str of any kind, lowercased on read if it is Latin-1) and Span (a
 * slice of a View), and str.split(maxsplit=LONG_LINE_WORDS) of a View.
 * Included by _cclassify.c (one translation unit); needs _cchars.h. */
#ifndef BLOGWASH_VIEW_H
#define BLOGWASH_VIEW_H

/* Py_UNICODE_IS* with the ASCII case inline (the Unicode database is a function call). */
static inline int
is_digit(Py_UCS4 c) /* str.isdigit */
{
    return c < 128 ? (c >= '0' && c <= '9') : Py_UNICODE_ISDIGIT(c);
}

static inline int
is_alpha(Py_UCS4 c) /* str.isalpha */
{
    return c < 128 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : Py_UNICODE_ISALPHA(c);
}

/* ---- a set of characters (for str.strip(chars) and character classes) ---- */
typedef struct {
    unsigned char ascii[128];
    Py_UCS4 other[16];
    int n_other;
} CharSet;

static int
charset_init(CharSet *cs, const char *utf8a, const char *utf8b)
{
    memset(cs, 0, sizeof(*cs));
    const char *parts[2] = {utf8a, utf8b};
    for (int k = 0; k < 2; k++) {
        if (parts[k] == NULL)
            continue;
        PyObject *s = PyUnicode_FromString(parts[k]);
        if (s == NULL)
            return -1;
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(s); i++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(s, i);
            if (Py_UNICODE_ISALPHA(c)) { /* strip_span reads unfolded: no letter may be in */
                Py_DECREF(s);
                PyErr_SetString(PyExc_SystemError, "_cclassify: a letter in a character set");
                return -1;
            }
            if (c < 128)
                cs->ascii[c] = 1;
            else if (cs->n_other < 16)
                cs->other[cs->n_other++] = c;
        }
        Py_DECREF(s);
    }
    return 0;
}

static inline int
in_set(const CharSet *cs, Py_UCS4 c)
{
    if (c < 128)
        return cs->ascii[c];
    for (int i = 0; i < cs->n_other; i++)
        if (cs->other[i] == c)
            return 1;
    return 0;
}

/* ---- a read-only view of a str; ``fold``: lowercase on read what str.lower lowers in
 * Latin-1 (A-Z and U+00C0-U+00DE but U+00D7, each by 0x20: checked for all 256), the
 * str.lower of a Latin-1 (1-byte) string, which keeps its length ---- */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
    int fold;
} View;

static inline Py_UCS4
vget(const View *v, Py_ssize_t i)
{
    Py_UCS4 c = PyUnicode_READ(v->kind, v->data, i);
    if (v->fold && ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)))
        c += 0x20;
    return c;
}

static void
view_of(View *v, PyObject *s, int fold)
{
    v->kind = PyUnicode_KIND(s);
    v->data = PyUnicode_DATA(s);
    v->len = PyUnicode_GET_LENGTH(s);
    v->fold = fold;
}

typedef struct {
    Py_ssize_t a, b;
} Span;

/* d[0:m] == lit[0:m] once d is ASCII-lowercased (lit is ASCII-lowercased already): the
 * IGNORECASE comparison of a 1-byte line with an ASCII literal */
static inline int
ascii_fold_equals(const Py_UCS1 *d, const char *lit, Py_ssize_t m)
{
    for (Py_ssize_t k = 0; k < m; k++)
        if (ascii_lower(d[k]) != (unsigned char)lit[k])
            return 0;
    return 1;
}

/* spans[(*n)++] = [a, b): 0, or -2 when MAXSPAN spans are there already */
static inline int
add_span(Span *spans, int *n, Py_ssize_t a, Py_ssize_t b)
{
    if (*n == MAXSPAN)
        return -2;
    spans[*n].a = a;
    spans[(*n)++].b = b;
    return 0;
}

/* str.strip(chars) of v[a:b], in place */
static inline void
strip_span(const View *v, const CharSet *cs, Span *s)
{
    /* the sets hold no letter (charset_init), so View.fold, which changes letters only,
     * changes no answer: a Latin-1 view is read as bytes */
    if (v->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = v->data;
        while (s->a < s->b && in_set(cs, d[s->a]))
            s->a++;
        while (s->b > s->a && in_set(cs, d[s->b - 1]))
            s->b--;
        return;
    }
    while (s->a < s->b && in_set(cs, vget(v, s->a)))
        s->a++;
    while (s->b > s->a && in_set(cs, vget(v, s->b - 1)))
        s->b--;
}

/* The loops below run over whole lines: written once per string kind (the ASCII case
 * lowering of View.fold changes no space or digit, so it is ignored here). */
#define SPLIT_LOOP(T)                                                                     \
    do {                                                                                  \
        const T *d = (const T *)v->data;                                                  \
        for (Py_ssize_t i = 0; i < v->len;) {                                             \
            if (is_space(d[i])) {                                                         \
                i++;                                                                      \
                continue;                                                                 \
            }                                                                             \
            Py_ssize_t a = i;                                                             \
            if (n == LONG_LINE_WORDS)                                                     \
                i = v->len; /* the rest, trailing whitespace included */                  \
            else                                                                          \
                while (i < v->len && !is_space(d[i]))                                     \
                    i++;                                                                  \
            out[n].a = a;                                                                 \
            out[n++].b = i;                                                               \
        }                                                                                 \
    } while (0)

/* str.split(maxsplit=LONG_LINE_WORDS): the token count (out holds LONG_LINE_WORDS + 1) */
static int
split_tokens(const View *v, Span *out)
{
    int n = 0;
    switch (v->kind) {
    case PyUnicode_1BYTE_KIND:
        SPLIT_LOOP(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        SPLIT_LOOP(Py_UCS2);
        break;
    default:
        SPLIT_LOOP(Py_UCS4);
    }
    return n;
}

#endif /* BLOGWASH_VIEW_H */
