/* _cphrases.h: LineAlt: the whole-line phrase alternations p.action, p.boilerplate,
 * p.footer_start and p.header, matched here on ASCII lines.
 * Included by _cclassify.c (one translation unit); needs _cview.h. */
#ifndef BLOGWASH_PHRASES_H
#define BLOGWASH_PHRASES_H

/* ---- whole-line alternations matched here on ASCII lines ----
 * p.action, p.boilerplate, p.footer_start and p.header are "^" + (an alternation of
 * phrases, patterns._line_alternation: "{n}" -> \d+, every other character a literal;
 * IGNORECASE) + a fixed ending.  Only whether they match matters to _classify, so on an
 * ASCII line without "\n" (where $ is the end and \d an ASCII digit) this module answers:
 * some phrase matches from the start (a literal ASCII character: when both lowercase to
 * the same; \d+: a run of ASCII digits of any length, as backtracking tries them all) and
 * the ending matches where it stops.  A phrase holding a non-ASCII character matches no
 * ASCII line unless the character is İ ı ſ K (then la->ok is 0 and the regex answers). */
#define LA_CHARS 64 /* the longest phrase (plus one) matched here */
#define LA_DIGITS '\x01' /* "{n}" in a stored phrase (la->ok is 0 if a phrase holds it) */

typedef int (*LaEnding)(const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t e);

typedef struct {
    int ok;
    int n;
    char (*lit)[LA_CHARS]; /* the phrases, ASCII lowercased, "{n}" as LA_DIGITS; owned */
    unsigned char *len;
    int *bucket_at; /* rows by first character as in PhraseStart (128: LA_DIGITS) */
    LaEnding ending;
} LineAlt;

static inline int
ascii_word(int c) /* regex \w on an ASCII character */
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/* p.action's ending: [ ↓→»›]*$ (of its characters only " " is ASCII) */
static int
ending_action(const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t e)
{
    while (e < n && d[e] == ' ')
        e++;
    return e == n;
}

/* p.boilerplate's ending: [ .:!…]*$ */
static int
ending_boiler(const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t e)
{
    while (e < n && (d[e] == ' ' || d[e] == '.' || d[e] == ':' || d[e] == '!'))
        e++;
    return e == n;
}

/* p.footer_start's ending: \b.{0,60}$ */
static int
ending_footer(const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t e)
{
    int before = e > 0 && ascii_word(d[e - 1]), after = e < n && ascii_word(d[e]);
    return before != after && n - e <= 60;
}

/* [ :.!]*(?:["“„«].*)?$ from e: the run of [ :.!] can only stop at the end or at '"'
 * (no other stop is the end or '"'); ".*" takes the rest of a line without "\n" */
static int
header_close(const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t e)
{
    while (e < n && (d[e] == ' ' || d[e] == ':' || d[e] == '.' || d[e] == '!'))
        e++;
    return e == n || d[e] == '"';
}

/* p.header's ending: (?: ?[(\[]?\d+[)\]]?)?[ :.!]*(?:["“„«].*)?$ -- every way through
 * the optional group (\d+ taking its whole run: one digit fewer leaves a digit that
 * nothing after it takes) */
static int
ending_header(const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t e)
{
    if (header_close(d, n, e)) /* the group left out */
        return 1;
    for (int sp = e < n && d[e] == ' '; sp >= 0; sp--) {
        Py_ssize_t a = e + sp;
        for (int br = a < n && (d[a] == '(' || d[a] == '['); br >= 0; br--) {
            Py_ssize_t b = a + br, c = b;
            while (c < n && d[c] >= '0' && d[c] <= '9')
                c++;
            if (c == b)
                continue; /* \d+ needs a digit */
            if (c < n && (d[c] == ')' || d[c] == ']') && header_close(d, n, c + 1))
                return 1;
            if (header_close(d, n, c))
                return 1;
        }
    }
    return 0;
}

/* Does phrase ph[pi:] match d[pos:] with the ending matching where it stops? */
static int
la_rest(const LineAlt *la, const char *ph, int pi, int plen, const Py_UCS1 *d, Py_ssize_t n,
        Py_ssize_t pos)
{
    for (; pi < plen; pi++, pos++) {
        if (ph[pi] == LA_DIGITS) { /* \d+, greedy: the longest run first */
            Py_ssize_t run = 0;
            while (pos + run < n && d[pos + run] >= '0' && d[pos + run] <= '9')
                run++;
            for (Py_ssize_t k = run; k >= 1; k--)
                if (la_rest(la, ph, pi + 1, plen, d, n, pos + k))
                    return 1;
            return 0;
        }
        if (pos >= n)
            return 0;
        int t = d[pos];
        if (t >= 'A' && t <= 'Z')
            t += 32;
        if (t != (unsigned char)ph[pi])
            return 0;
    }
    return la->ending(d, n, pos);
}

/* Does some phrase match at d[q:] with the ending after it? */
static int
la_at(const LineAlt *la, const Py_UCS1 *d, Py_ssize_t n, Py_ssize_t q)
{
    if (q >= n)
        return 0; /* every phrase takes a character */
    int c = d[q];
    int b = (int)ascii_lower((Py_UCS4)c);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!(c >= '0' && c <= '9'))
                break;
            b = 128; /* a digit may also open a "{n}" phrase */
        }
        for (int row = la->bucket_at[b]; row < la->bucket_at[b + 1]; row++)
            if (la_rest(la, la->lit[row], 0, la->len[row], d, n, q))
                return 1;
    }
    return 0;
}

/* regex.match(line) is not None for an ASCII line without "\n" (ascii_plain in
 * classify_impl), where la->ok; p.header opens with (?:\d+ )? (the whole run of digits:
 * fewer leave a digit where " " must be), so its phrases may also start after that. */
static int
la_matches(const LineAlt *la, const View *L, int header)
{
    const Py_UCS1 *d = L->data; /* an ASCII str is 1-byte */
    Py_ssize_t n = L->len, i = 0;
    if (la_at(la, d, n, 0))
        return 1;
    if (!header)
        return 0;
    while (i < n && d[i] >= '0' && d[i] <= '9')
        i++;
    return i > 0 && i < n && d[i] == ' ' && la_at(la, d, n, i + 1);
}

static void
la_free(LineAlt *la)
{
    PyMem_Free(la->lit);
    PyMem_Free(la->len);
    PyMem_Free(la->bucket_at);
    la->lit = NULL;
    la->len = NULL;
    la->bucket_at = NULL;
    la->ok = 0;
}

/* Sets up la for p.<regex> when its pattern is exactly `format` with the alternation of
 * p.words[key] (patterns._line_alternation) put in for %U and c1.. for the %c (the
 * unused ones ignored), under
 * IGNORECASE; else leaves la->ok at 0 (the regex answers).  -1 on an error. */
static int
la_init(LineAlt *la, PyObject *p, const char *regex, const char *key, LaEnding ending,
        const char *format, int c1, int c2, int c3, int c4)
{
    memset(la, 0, sizeof(*la));
    la->ending = ending;
    PyObject *phrases = words_of(p, key);
    if (phrases == NULL)
        return -1;
    PyObject *alt = alternation_of("_line_alternation", phrases);
    PyObject *want = alt == NULL ? NULL : PyUnicode_FromFormat(format, alt, c1, c2, c3, c4);
    Py_XDECREF(alt);
    int ok = regex_is(p, regex, want, 0, 2 | 32);
    Py_ssize_t total = ok == 1 ? PyObject_Size(phrases) : 0;
    PyObject *it = ok == 1 && total >= 0 ? PyObject_GetIter(phrases) : NULL;
    Py_DECREF(phrases);
    if (ok < 0 || total < 0 || (ok == 1 && it == NULL)) {
        Py_XDECREF(it);
        return -1;
    }
    if (!ok)
        return 0;
    char(*lits)[LA_CHARS] = PyMem_Calloc((size_t)total + 1, LA_CHARS);
    unsigned char *lens = PyMem_Calloc((size_t)total + 1, 1);
    int *buckets = PyMem_Calloc((size_t)total + 1, sizeof(int));
    la->lit = PyMem_Calloc((size_t)total + 1, LA_CHARS);
    la->len = PyMem_Calloc((size_t)total + 1, 1);
    la->bucket_at = PyMem_Calloc(130, sizeof(int));
    int n = 0;
    PyObject *ph;
    if (lits == NULL || lens == NULL || buckets == NULL || la->lit == NULL || la->len == NULL ||
        la->bucket_at == NULL) {
        PyErr_NoMemory();
        ok = -1;
    }
    while (ok >= 0 && (ph = PyIter_Next(it)) != NULL) {
        Py_ssize_t len = PyUnicode_Check(ph) ? PyUnicode_GET_LENGTH(ph) : -1;
        int k = 0, keep = 1;
        for (Py_ssize_t i = 0; i < len && keep && ok == 1; i++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(ph, i);
            if (c == '{' && i + 2 < len && PyUnicode_READ_CHAR(ph, i + 1) == 'n' &&
                PyUnicode_READ_CHAR(ph, i + 2) == '}') {
                c = (Py_UCS4)LA_DIGITS;
                i += 2;
            }
            else if (c == (Py_UCS4)LA_DIGITS || c == '\\' || special_fold(c))
                ok = 0; /* the marker, an escape to think about, or İ ı ſ K */
            else if (c >= 128)
                keep = 0; /* matches no ASCII line */
            if (k == LA_CHARS - 1)
                ok = 0;
            else
                lits[n][k++] = (char)ascii_lower(c);
        }
        if (len <= 0 || n >= total)
            ok = 0;
        else if (keep && ok == 1) {
            lens[n] = (unsigned char)k;
            buckets[n] = lits[n][0] == LA_DIGITS ? 128 : (unsigned char)lits[n][0];
            n++;
        }
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (ok >= 0 && PyErr_Occurred())
        ok = -1;
    if (ok == 1) { /* counting sort by bucket */
        bucket_starts(la->bucket_at, 129, n, buckets);
        int fill[129];
        memcpy(fill, la->bucket_at, sizeof(fill));
        for (int k = 0; k < n; k++) {
            int row = fill[buckets[k]]++;
            memcpy(la->lit[row], lits[k], LA_CHARS);
            la->len[row] = lens[k];
        }
        la->n = n;
        la->ok = 1;
    }
    else
        la_free(la);
    PyMem_Free(lits);
    PyMem_Free(lens);
    PyMem_Free(buckets);
    return ok < 0 ? -1 : 0;
}

#endif /* BLOGWASH_PHRASES_H */
