/* _clinetests.h: cheap whole-line tests: cues._NUMBER_LINE, the test every p.pagination
 * match passes, ASCII substring search, any(r in low for r in p.relative_phrases).
 * Included by _cclassify.c (one translation unit); needs _cview.h, _cwordtable.h. */
#ifndef BLOGWASH_LINETESTS_H
#define BLOGWASH_LINETESTS_H

/* p.pagination: two items (\d+, "…", "...") separated by one space. */
static inline int
page_item_char(const View *L, Py_ssize_t i)
{
    if (i < 0 || i >= L->len)
        return 0;
    Py_UCS4 c = vget(L, i);
    return c == '.' || c == 0x2026 || is_decimal(c);
}

static int
pagination_possible(const View *L)
{
    if (L->kind == PyUnicode_1BYTE_KIND) { /* Latin-1: no "…", and \d is 0-9 */
        const Py_UCS1 *d = L->data;
        for (Py_ssize_t i = 1; i + 1 < L->len; i++)
            if (d[i] == ' ' && (d[i - 1] == '.' || (d[i - 1] >= '0' && d[i - 1] <= '9')) &&
                (d[i + 1] == '.' || (d[i + 1] >= '0' && d[i + 1] <= '9')))
                return 1;
        return 0;
    }
    for (Py_ssize_t i = 1; i + 1 < L->len; i++)
        if (vget(L, i) == ' ' && page_item_char(L, i - 1) && page_item_char(L, i + 1))
            return 1;
    return 0;
}

/* cues._NUMBER_LINE.match(line): ^#? ?\d{1,7}[.)]?$ ($: the end, or before a final \n) */
static int
number_line(const View *L)
{
    Py_ssize_t i = 0, n = L->len;
    if (i < n && vget(L, i) == '#')
        i++;
    if (i < n && vget(L, i) == ' ')
        i++;
    Py_ssize_t d = i;
    while (i < n && is_decimal(vget(L, i)))
        i++;
    if (i == d || i - d > 7)
        return 0;
    if (i < n && (vget(L, i) == '.' || vget(L, i) == ')'))
        i++;
    return i == n || (i == n - 1 && vget(L, i) == '\n');
}

static int
contains_ascii(const View *v, const char *needle)
{
    Py_ssize_t m = (Py_ssize_t)strlen(needle);
    if (v->kind == PyUnicode_1BYTE_KIND && !v->fold) { /* the bytes are the code points */
        const Py_UCS1 *d = v->data, *end = d + v->len;
        while ((d = memchr(d, needle[0], (size_t)(end - d))) != NULL) {
            if (end - d >= m && memcmp(d, needle, (size_t)m) == 0)
                return 1;
            d++;
        }
        return 0;
    }
    for (Py_ssize_t i = 0; i + m <= v->len; i++) {
        Py_ssize_t k = 0;
        while (k < m && vget(v, i + k) == (Py_UCS4)(unsigned char)needle[k])
            k++;
        if (k == m)
            return 1;
    }
    return 0;
}

/* any(r in low for r in p.relative_phrases) */
static int
relative_phrase_in(Classifier *self, const View *low)
{
    Py_ssize_t n = PyTuple_GET_SIZE(self->relative_phrases);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *r = PyTuple_GET_ITEM(self->relative_phrases, k);
        Py_ssize_t m = PyUnicode_GET_LENGTH(r);
        for (Py_ssize_t i = 0; i + m <= low->len; i++)
            if (span_equals(low, i, i + m, r))
                return 1;
    }
    return 0;
}

#endif /* BLOGWASH_LINETESTS_H */
