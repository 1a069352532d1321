/* _csays.h: p.says: the test every match passes, its match in C on ASCII lines, and the
 * tables of its phrases built at construction.
 * Included by _cclassify.c (one translation unit); needs _cview.h, _cwordtable.h,
 * _clinetests.h, the Classifier struct. */
#ifndef BLOGWASH_SAYS_H
#define BLOGWASH_SAYS_H

/* p.says needs " <says phrase>" whose last word (a key of says_words) ends where " :", ":",
 * "...", "…" or the end follows.  Tested on ASCII lines only (a non-ASCII line may match
 * a says word case-insensitively without lowercasing to it), and only when no says word
 * holds ':' or '.' and no phrase a character that matches an ASCII one case-insensitively
 * (self->says_prefilter). */
static int
says_possible(Classifier *self, const View *L, int ascii)
{
    if (!ascii || !self->says_prefilter)
        return 1;
    View low = *L;
    low.fold = 1;
    for (Py_ssize_t i = 1; i < L->len; i++) {
        if (!is_space(vget(L, i - 1)))
            continue;
        Py_ssize_t e = i;
        while (e < L->len) {
            Py_UCS4 c = vget(L, e);
            if (is_space(c) || c == ':' || c == '.')
                break;
            e++;
        }
        if (e > i && (lookup(&self->words, &low, i, e) & W_SAYS))
            return 1;
    }
    return 0;
}

/* p.says.match(line) on an ASCII line without "\n" (self->says_c):
 *   ^(?P<name>[^:]{1,80}?) (?:<says phrases>)(?: ?:|:|\.\.\.|…|$)(?P<rest>.*)$
 * The lazy name takes the fewest characters (none of them ":", at most 80) after which
 * " ", a phrase (tried in alternation order: a later one when what follows the first
 * fails) and an ending match; ".*$" then takes the rest of a line without "\n".  An ASCII
 * line character matches an ASCII phrase character when both lowercase to the same
 * (IGNORECASE); phrases with another character are not in the table (they match no ASCII
 * line).  Gives the spans of the groups name and rest: 1 (a match) or 0. */
static int
says_c_match(const Classifier *self, const View *L, Span *name, Span *rest)
{
    const Py_UCS1 *d = L->data; /* an ASCII str is 1-byte */
    Py_ssize_t n = L->len;
    for (Py_ssize_t k = 1; k <= 80 && k < n; k++) {
        if (d[k - 1] == ':')
            return 0; /* [^:] cannot take it */
        if (d[k] != ' ')
            continue;
        Py_ssize_t q = k + 1;
        int c0 = q < n ? d[q] : 0;
        c0 = (int)ascii_lower((Py_UCS4)c0);
        /* the phrases opening with it, in alternation order (the others fail here) */
        for (int r = self->says_at[c0]; r < self->says_at[c0 + 1]; r++) {
            int row = self->says_row[r];
            Py_ssize_t m = self->says_len[row];
            if (q + m > n)
                continue;
            if (!ascii_fold_equals(d + q, self->says_lit[row], m))
                continue;
            Py_ssize_t e = q + m, r;
            if (e + 1 < n && d[e] == ' ' && d[e + 1] == ':')
                r = e + 2; /* " ?:" with the space */
            else if (e < n && d[e] == ':')
                r = e + 1; /* " ?:" without it (":" the same) */
            else if (e + 2 < n && d[e] == '.' && d[e + 1] == '.' && d[e + 2] == '.')
                r = e + 3; /* "\.\.\." ("…" is not ASCII) */
            else if (e == n)
                r = n; /* "$" */
            else
                continue;
            name->a = 0;
            name->b = k;
            rest->a = r;
            rest->b = n;
            return 1;
        }
    }
    return 0;
}

/* Can a phrase character c match the line character t under IGNORECASE (0: certainly
 * not)?  ASCII with ASCII: when both lowercase to the same.  ASCII with non-ASCII: only
 * through İ ı ſ K (special_fold).  Two non-ASCII characters: let through. */
static inline int
may_fold_equal(Py_UCS4 t, Py_UCS4 c)
{
    if (t < 128 && c < 128)
        return ascii_lower(t) == ascii_lower(c);
    if (t < 128 || c < 128)
        return special_fold(t) || special_fold(c);
    return 1;
}

/* Can p.says match the line (0: certainly not)?  For the lines says_c_match does not
 * take (non-ASCII, or holding "\n"): the same scan, with may_fold_equal for the phrase
 * and any of " ", ":", ".", "…", "\n" or the end for what follows it. */
static int
says_maybe(const Classifier *self, const View *L)
{
    Py_ssize_t n = L->len;
    for (Py_ssize_t k = 1; k <= 80 && k < n; k++) {
        if (vget(L, k - 1) == ':')
            return 0; /* [^:] cannot take it */
        if (vget(L, k) != ' ')
            continue;
        Py_ssize_t q = k + 1;
        /* an ASCII character: only the phrases opening with it lowered can match
         * (may_fold_equal fails for the others: they hold no İ ı ſ K when says_c is set) */
        Py_UCS4 c0 = q < n ? vget(L, q) : 0;
        int lo = 0, hi = self->n_says_all;
        if (c0 < 128) {
            int b = (c0 >= 'A' && c0 <= 'Z') ? (int)c0 + 32 : (int)c0;
            lo = self->says_all_at[b];
            hi = self->says_all_at[b + 1];
        }
        for (int r = lo; r < hi; r++) {
            int row = self->says_all_row[r];
            Py_ssize_t m = self->says_all_len[row], j = 0;
            if (q + m > n)
                continue;
            while (j < m && may_fold_equal(vget(L, q + j), self->says_all[row][j]))
                j++;
            if (j < m)
                continue;
            Py_ssize_t e = q + m;
            if (e == n)
                return 1;
            Py_UCS4 c = vget(L, e);
            if (c == ' ' || c == ':' || c == '.' || c == 0x2026 || c == '\n')
                return 1;
        }
    }
    return 0;
}

static int
says_row_cmp(const void *x, const void *y) /* sorted(words, key=lambda w: (-len(w), w)) */
{
    const char *a = x, *b = y;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return la > lb ? -1 : 1;
    return strcmp(a, b);
}

/* cues._says(line, p): p.says.match(line), skipped when p.says_last does not fullmatch
 * the last space-separated token of a line without ":", "…" or "..." */
static PyObject *
says_match(Classifier *self, PyObject *line, const View *L)
{
    int dots = contains_ascii(L, ":") || contains_ascii(L, "...");
    for (Py_ssize_t i = 0; i < L->len && !dots; i++)
        dots = vget(L, i) == 0x2026;
    if (!dots) {
        /* if p.says_last.fullmatch(line, line.rfind(" ") + 1) is None: return None */
        Py_ssize_t last = L->len - 1;
        while (last >= 0 && vget(L, last) != ' ')
            last--;
        PyObject *m = PyObject_CallFunction(self->says_last_fullmatch, "On", line, last + 1);
        if (m == NULL || m == Py_None)
            return m;
        Py_DECREF(m);
    }
    return PyObject_CallOneArg(self->says_re_match, line);
}

/* self->says_c: p.says is exactly the pattern patterns.py builds from p.words["says"]
 * (checked against patterns._alternation), with IGNORECASE, and its phrases fit the
 * table; fills the table.  0 leaves the regex to answer.  Returns -1 on an error. */
static int
says_c_init(Classifier *self, PyObject *p)
{
    self->says_c = 0;
    PyObject *phrases = words_of(p, "says");
    if (phrases == NULL)
        return -1;
    PyObject *alt = alternation_of("_alternation", phrases);
    PyObject *want = alt == NULL ? NULL
                                 : PyUnicode_FromFormat("^(?P<name>[^:]{1,80}?) (?:%U)"
                                                        "(?: ?:|:|\\.\\.\\.|%c|$)"
                                                        "(?P<rest>.*)$",
                                                        alt, 0x2026); /* %c: "…" */
    Py_XDECREF(alt);
    int ok = regex_is(p, "says", want, 0, 2 | 32);
    PyObject *it = ok == 1 ? PyObject_GetIter(phrases) : NULL;
    Py_DECREF(phrases);
    if (ok < 0 || (ok == 1 && it == NULL))
        return -1;
    if (!ok)
        return 0;
    int n = 0;
    PyObject *ph;
    while ((ph = PyIter_Next(it)) != NULL) {
        Py_ssize_t len = PyUnicode_Check(ph) ? PyUnicode_GET_LENGTH(ph) : -1;
        int ascii = len > 0 && PyUnicode_IS_ASCII(ph);
        for (Py_ssize_t i = 0; i < len && !ascii; i++)
            if (special_fold(PyUnicode_READ_CHAR(ph, i)))
                ok = 0; /* İ ı ſ K match ASCII letters */
        if (len <= 0 || len >= SAYS_CHARS || self->n_says_all == MAX_SAYS)
            ok = 0;
        if (!ok) {
            Py_DECREF(ph);
            continue;
        }
        for (Py_ssize_t i = 0; i < len; i++)
            self->says_all[self->n_says_all][i] = PyUnicode_READ_CHAR(ph, i);
        self->says_all_len[self->n_says_all++] = (unsigned char)len;
        if (ascii) { /* a phrase with another non-ASCII character: no ASCII match */
            for (Py_ssize_t i = 0; i < len; i++) {
                Py_UCS4 c = PyUnicode_READ_CHAR(ph, i);
                self->says_lit[n][i] = (char)ascii_lower(c);
            }
            self->says_lit[n][len] = '\0';
            n++;
        }
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    /* the alternation's order: longest first, then by code point (bytes, for ASCII) */
    qsort(self->says_lit, (size_t)n, SAYS_CHARS, says_row_cmp);
    int count[128] = {0};
    for (int k = 0; k < n; k++) {
        self->says_len[k] = (unsigned char)strlen(self->says_lit[k]);
        count[(unsigned char)self->says_lit[k][0]]++;
    }
    self->says_at[0] = 0;
    for (int b = 0; b < 128; b++)
        self->says_at[b + 1] = self->says_at[b] + count[b];
    int fill[128];
    memcpy(fill, self->says_at, sizeof(fill));
    for (int k = 0; k < n; k++) /* k in alternation order: each bucket keeps it */
        self->says_row[fill[(unsigned char)self->says_lit[k][0]]++] = (unsigned char)k;
    /* says_maybe's buckets */
    int all_count[129] = {0}, all_bucket[MAX_SAYS];
    for (int k = 0; k < self->n_says_all; k++) {
        Py_UCS4 c = self->says_all[k][0];
        all_bucket[k] = c >= 128 ? 128 : (c >= 'A' && c <= 'Z') ? (int)c + 32 : (int)c;
        all_count[all_bucket[k]]++;
    }
    self->says_all_at[0] = 0;
    for (int b = 0; b < 129; b++)
        self->says_all_at[b + 1] = self->says_all_at[b] + all_count[b];
    int all_fill[129];
    memcpy(all_fill, self->says_all_at, sizeof(all_fill));
    for (int k = 0; k < self->n_says_all; k++)
        self->says_all_row[all_fill[all_bucket[k]]++] = (unsigned char)k;
    self->n_says = n;
    self->says_c = ok;
    return 0;
}

/* says_possible is sound when no says word holds ':' or '.' and no says phrase holds a
 * character that matches an ASCII one case-insensitively (İ ı ſ K): 1, 0 or -1. */
static int
says_prefilter_ok(PyObject *p)
{
    PyObject *it = iter_of(words_of(p, "says"));
    if (it == NULL)
        return -1;
    int ok = 1;
    PyObject *ph;
    while (ok && (ph = PyIter_Next(it)) != NULL) {
        if (!PyUnicode_Check(ph))
            ok = 0;
        else
            for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(ph) && ok; i++) {
                Py_UCS4 c = PyUnicode_READ_CHAR(ph, i);
                ok = c != 0x130 && c != 0x131 && c != 0x17f && c != 0x212a;
            }
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    it = iter_of(PyObject_GetAttrString(p, "says_words"));
    if (it == NULL)
        return -1;
    while (ok && (ph = PyIter_Next(it)) != NULL) {
        Py_ssize_t n = PyUnicode_Check(ph) ? PyUnicode_GET_LENGTH(ph) : -1;
        ok = n >= 0 && PyUnicode_FindChar(ph, ':', 0, n, 1) == -1 &&
             PyUnicode_FindChar(ph, '.', 0, n, 1) == -1;
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : ok;
}

#endif /* BLOGWASH_SAYS_H */
