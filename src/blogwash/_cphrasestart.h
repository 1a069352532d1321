/* _cphrasestart.h: PhraseStart: where a phrase of a line-anchored alternation (p.header,
 * p.boilerplate) or of p.thanks can open, tested before the regex runs.
 * Included by _cclassify.c (one translation unit); needs _cview.h. */
#ifndef BLOGWASH_PHRASESTART_H
#define BLOGWASH_PHRASESTART_H

/* Where a line-anchored alternation of phrases (p.header, p.boilerplate, built by
 * patterns._line_alternation: "{n}" -> \d+, IGNORECASE) can start matching.  A phrase
 * opens either with "{n}" (the text: a run of decimal digits, followed by the character
 * that follows "{n}" in the phrase: the \d+ cannot stop inside the run, since that
 * character is no digit) or with a literal character (ASCII text matches it only if it
 * lowercases to it).  Non-ASCII text is always let through.  ``ok`` is 0 when a phrase
 * breaks these premises (it opens with a digit, with "{n}" alone or "{n}" followed by a
 * cased character or digit, or with a character that matches an ASCII one
 * case-insensitively: İ ı ſ K); the regex then always runs. */
#define PREFIX_CHARS 16 /* leading literal characters kept per phrase */
#define MAX_PHRASES 512 /* more phrases: only the first-character test */
#define DIGITS_BUCKET 128 /* the bucket of the phrases that open with "{n}" */
#define LINES_ASCII 1 /* a phrase may match an ASCII line */
#define LINES_LATIN1 2 /* ... a Latin-1 line with a non-ASCII character */
typedef struct {
    int ok;
    int number; /* some phrase opens with "{n}" */
    CharSet after; /* the characters after "{n}" */
    unsigned char first[128]; /* the ASCII characters phrases open with */
    /* Per phrase, for 1-byte lines: its literal opening (after a leading "{n}"), ASCII
     * lowercased, cut before the first character that is not ASCII or opens a "{n}"
     * (beyond the cut anything may follow); grouped by bucket: the opening's first character, or
     * DIGITS_BUCKET for "{n}" phrases (rows bucket_at[b] .. bucket_at[b + 1] - 1).
     * ``prefixes`` is 0 when a phrase breaks the premises (see phrase_start_init). */
    int prefixes;
    unsigned char lines[MAX_PHRASES]; /* LINES_ASCII | LINES_LATIN1: the lines it may match */
    unsigned char len[MAX_PHRASES];
    char lit[MAX_PHRASES][PREFIX_CHARS];
    int bucket_at[DIGITS_BUCKET + 2];
} PhraseStart;

static int
special_fold(Py_UCS4 c) /* matches an ASCII character case-insensitively */
{
    return c == 0x130 || c == 0x131 || c == 0x17f || c == 0x212a;
}

/* The literal opening of phrase ph (a str), ASCII lowercased, into lit (at most
 * PREFIX_CHARS characters); its bucket into *bucket (-1: no row); into *lines the 1-byte
 * lines it may match.  Under IGNORECASE an ASCII pattern character matches no other ASCII
 * character than its case pair; a non-ASCII one no ASCII character unless it is İ ı ſ K
 * (special_fold), and no Latin-1 one if it is beyond Latin-1, unless it is one of
 * latin1_fold's (both lists checked over all code points).  Every 1-byte line matching
 * the phrase starts (after the digits of a leading "{n}") with characters that lowercase
 * to the opening, which stops before a non-ASCII character or a "{n}" (\d+; any other
 * "{" is a literal).  Returns the length kept, or -1 (no table) when it opens with
 * İ ı ſ K. */
static int
latin1_fold(Py_UCS4 c) /* beyond Latin-1, matches a Latin-1 character case-insensitively */
{
    return c == 0x130 || c == 0x131 || c == 0x178 || c == 0x17f || c == 0x39c || c == 0x3bc ||
           c == 0x1e9e || c == 0x212a || c == 0x212b;
}

static int
phrase_prefix(PyObject *ph, char *lit, int *bucket, unsigned char *lines)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(ph);
    Py_ssize_t i = 0;
    *bucket = -1;
    *lines = LINES_ASCII | LINES_LATIN1;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(ph, j);
        if (c >= 128 && !special_fold(c))
            *lines &= ~LINES_ASCII; /* no ASCII line holds a match of it */
        if (c >= 256 && !latin1_fold(c))
            *lines &= ~LINES_LATIN1; /* nor a Latin-1 line */
    }
    if (!*lines)
        return 0;
    int number = n >= 3 && PyUnicode_READ_CHAR(ph, 0) == '{' &&
                 PyUnicode_READ_CHAR(ph, 1) == 'n' && PyUnicode_READ_CHAR(ph, 2) == '}';
    if (number)
        i = 3;
    int k = 0;
    for (; i < n && k < PREFIX_CHARS; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(ph, i);
        if (c >= 128 || (c == '{' && i + 2 < n && PyUnicode_READ_CHAR(ph, i + 1) == 'n' &&
                         PyUnicode_READ_CHAR(ph, i + 2) == '}'))
            break;
        lit[k++] = (char)ascii_lower(c);
    }
    if (number)
        *bucket = DIGITS_BUCKET;
    else if (k > 0)
        *bucket = (unsigned char)lit[0];
    else if (special_fold(PyUnicode_READ_CHAR(ph, 0)))
        return -1; /* opens with İ ı ſ K: no table (phrase_start_init set ok = 0) */
    /* else it opens with another non-ASCII character, which matches only a non-ASCII one:
     * phrase_opening_at lets those through without a look at the phrases */
    return k;
}

/* The row starts of a counting sort of n rows by bucket (0 <= bucket < nbuckets; -1: the
 * row is left out): bucket b's rows are bucket_at[b] .. bucket_at[b + 1] - 1. */
static void
bucket_starts(int *bucket_at, int nbuckets, int n, const int *buckets)
{
    memset(bucket_at, 0, (size_t)(nbuckets + 1) * sizeof(int));
    for (int k = 0; k < n; k++)
        if (buckets[k] >= 0)
            bucket_at[buckets[k] + 1]++;
    for (int b = 0; b < nbuckets; b++)
        bucket_at[b + 1] += bucket_at[b];
}

/* Reads the opening of phrase ph into lit, *bucket, *lines (phrase_prefix,
 * literal_prefix): its length, or -1 when the phrase breaks the table's premises. */
typedef int (*PrefixOf)(PyObject *ph, char *lit, int *bucket, unsigned char *lines);

/* Fills ps->lit / len / lines / bucket_at with the openings prefix_of reads from the
 * phrases, grouped by bucket (0 <= bucket < nbuckets; -1: no row), each bucket's rows in
 * the phrases' order (a counting sort).  Returns 1; 0 (no rows) when a phrase breaks the
 * premises or there are more than MAX_PHRASES; -1 on an error. */
static int
prefix_rows_init(PhraseStart *ps, PyObject *phrases, PrefixOf prefix_of, int nbuckets)
{
    Py_ssize_t total = PyObject_Size(phrases);
    if (total < 0)
        return -1;
    if (total > MAX_PHRASES)
        return 0;
    char lits[MAX_PHRASES][PREFIX_CHARS];
    unsigned char lens[MAX_PHRASES], lines[MAX_PHRASES];
    int buckets[MAX_PHRASES];
    int n = 0, fit = 1;
    PyObject *it = PyObject_GetIter(phrases);
    if (it == NULL)
        return -1;
    PyObject *ph;
    while ((ph = PyIter_Next(it)) != NULL) {
        int k = n < MAX_PHRASES ? prefix_of(ph, lits[n], &buckets[n], &lines[n]) : -1;
        if (k < 0)
            fit = 0;
        else
            lens[n++] = (unsigned char)k;
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    if (!fit)
        return 0;
    bucket_starts(ps->bucket_at, nbuckets, n, buckets);
    int fill[DIGITS_BUCKET + 1]; /* each bucket's next row */
    memcpy(fill, ps->bucket_at, (size_t)nbuckets * sizeof(int));
    for (int k = 0; k < n; k++) {
        if (buckets[k] < 0)
            continue;
        int row = fill[buckets[k]]++;
        ps->len[row] = lens[k];
        ps->lines[row] = lines[k];
        memcpy(ps->lit[row], lits[k], PREFIX_CHARS);
    }
    return 1;
}

/* Fills ps->lit / len / bucket_at from the phrases (called once phrase_start_init found
 * them fit for its first-character test).  A phrase that matches no ASCII line is left
 * out; too many phrases leave ps->prefixes at 0. */
static int
phrase_prefixes_init(PhraseStart *ps, PyObject *phrases)
{
    int r = prefix_rows_init(ps, phrases, phrase_prefix, DIGITS_BUCKET + 1);
    if (r == 1)
        ps->prefixes = 1;
    return r < 0 ? -1 : 0;
}

static int
phrase_start_init(PhraseStart *ps, PyObject *phrases)
{
    memset(ps, 0, sizeof(*ps));
    ps->ok = 1;
    PyObject *it = PyObject_GetIter(phrases);
    if (it == NULL)
        return -1;
    PyObject *ph;
    while ((ph = PyIter_Next(it)) != NULL) {
        Py_ssize_t n = PyUnicode_Check(ph) ? PyUnicode_GET_LENGTH(ph) : 0;
        int number = n >= 3 && PyUnicode_READ_CHAR(ph, 0) == '{' &&
                     PyUnicode_READ_CHAR(ph, 1) == 'n' && PyUnicode_READ_CHAR(ph, 2) == '}';
        Py_UCS4 c = n > (number ? 3 : 0) ? PyUnicode_READ_CHAR(ph, number ? 3 : 0) : 0;
        if (c == 0 || is_decimal(c) || special_fold(c))
            ps->ok = 0; /* not a str, "", "{n}" alone, a digit or İ ı ſ K */
        else if (number) {
            ps->number = 1;
            if (c == '{' || Py_UNICODE_TOLOWER(c) != c || Py_UNICODE_TOUPPER(c) != c ||
                Py_UNICODE_ISTITLE(c))
                ps->ok = 0; /* "{n}{n}" or a cased character */
            else if (c < 128)
                ps->after.ascii[c] = 1;
            else if (ps->after.n_other < 16)
                ps->after.other[ps->after.n_other++] = c;
            else
                ps->ok = 0;
        }
        else if (c < 128)
            ps->first[ascii_lower(c)] = 1;
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    return ps->ok ? phrase_prefixes_init(ps, phrases) : 0;
}

/* Can a phrase match at L[q:] (0: certainly not)? */
static int
phrase_start_at(const PhraseStart *ps, const View *L, Py_ssize_t q)
{
    if (!ps->ok)
        return 1;
    if (q >= L->len)
        return 0; /* every phrase takes at least one character */
    Py_UCS4 c = vget(L, q);
    if (c >= 128)
        return 1;
    if (!is_decimal(c))
        return ps->first[ascii_lower(c)];
    if (!ps->number)
        return 0;
    Py_ssize_t i = q + 1;
    while (i < L->len && is_decimal(vget(L, i)))
        i++;
    return i < L->len && in_set(&ps->after, vget(L, i));
}

/* phrase_start_at, and on an ASCII line more: some phrase's literal opening (the
 * characters after the digits for a "{n}" phrase, the \d+ taking the whole run as in
 * phrase_start_at) is there, ASCII case folded (0: certainly no phrase matches at q). */
static int
phrase_opening_at(const PhraseStart *ps, const View *L, int ascii, Py_ssize_t q)
{
    if (!phrase_start_at(ps, L, q))
        return 0;
    if (L->kind != PyUnicode_1BYTE_KIND || !ps->prefixes)
        return 1;
    /* A 1-byte line: its non-ASCII characters match no ASCII phrase character (only
     * İ ı ſ K do) and lowercase to no ASCII one, so the openings compare as for ASCII. */
    const Py_UCS1 *d = L->data;
    int lines = ascii ? LINES_ASCII : LINES_LATIN1;
    Py_ssize_t i = q;
    int b = d[q];
    if (b >= 128)
        return 1; /* a phrase opening with a non-ASCII character may match here */
    if (b >= '0' && b <= '9') {
        while (i < L->len && d[i] >= '0' && d[i] <= '9')
            i++;
        b = DIGITS_BUCKET;
    }
    else if (b >= 'A' && b <= 'Z')
        b += 32;
    for (int row = ps->bucket_at[b]; row < ps->bucket_at[b + 1]; row++) {
        Py_ssize_t m = ps->len[row];
        if (!(ps->lines[row] & lines) || i + m > L->len)
            continue;
        if (ascii_fold_equals(d + i, ps->lit[row], m))
            return 1;
    }
    return 0;
}

/* The same table for an alternation of literal phrases (patterns._alternation: every
 * character, "{" included, stands for itself; IGNORECASE), for any line: ps->lit holds
 * each phrase's opening up to its first non-ASCII character, ASCII lowercased, under the
 * bucket of its first character; a phrase opening with a non-ASCII character is left out
 * (it matches only where the line has a non-ASCII character, which literal_at lets
 * through).  ps->ok is 0 (everything let through) when a phrase is empty or opens with
 * İ ı ſ K (which match ASCII letters), or there are too many. */
static int
literal_prefix(PyObject *ph, char *lit, int *bucket, unsigned char *lines)
{
    Py_ssize_t len = PyUnicode_Check(ph) ? PyUnicode_GET_LENGTH(ph) : 0;
    int k = 0;
    for (; k < len && k < PREFIX_CHARS; k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(ph, k);
        if (c >= 128)
            break;
        lit[k] = (char)ascii_lower(c);
    }
    *bucket = k > 0 ? (unsigned char)lit[0] : -1;
    *lines = 0; /* (not read for these tables) */
    if (len == 0 || (k == 0 && special_fold(PyUnicode_READ_CHAR(ph, 0))))
        return -1;
    return k;
}

static int
literal_start_init(PhraseStart *ps, PyObject *phrases)
{
    memset(ps, 0, sizeof(*ps));
    int r = prefix_rows_init(ps, phrases, literal_prefix, DIGITS_BUCKET);
    if (r == 1)
        ps->ok = ps->prefixes = 1;
    return r < 0 ? -1 : 0;
}

/* Can a phrase of the literal_start_init table match at L[q:limit] (0: certainly not)?
 * An ASCII line character matches an ASCII phrase character only if both lowercase to
 * the same; a non-ASCII one is let through. */
static int
literal_at(const PhraseStart *ps, const View *L, Py_ssize_t q, Py_ssize_t limit)
{
    if (!ps->ok)
        return 1;
    if (q >= limit)
        return 0; /* every phrase takes at least one character */
    Py_UCS4 c = vget(L, q);
    if (c >= 128)
        return 1;
    int b = (c >= 'A' && c <= 'Z') ? (int)c + 32 : (int)c;
    for (int row = ps->bucket_at[b]; row < ps->bucket_at[b + 1]; row++) {
        Py_ssize_t m = ps->len[row], k = 1;
        for (; k < m && q + k < limit; k++) {
            Py_UCS4 t = vget(L, q + k);
            if (t >= 128)
                return 1;
            if (t >= 'A' && t <= 'Z')
                t += 32;
            if (t != (unsigned char)ps->lit[row][k])
                break;
        }
        if (k == m)
            return 1;
    }
    return 0;
}

/* p.header: ^(?:\d+ )?(?:phrases)... */
static int
header_possible(const PhraseStart *ps, const View *L, int ascii)
{
    if (phrase_opening_at(ps, L, ascii, 0))
        return 1;
    Py_ssize_t i = 0;
    while (i < L->len && is_decimal(vget(L, i)))
        i++;
    return i > 0 && i < L->len && vget(L, i) == ' ' && phrase_opening_at(ps, L, ascii, i + 1);
}

#endif /* BLOGWASH_PHRASESTART_H */
