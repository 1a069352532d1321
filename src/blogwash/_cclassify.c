/* _cclassify: the split stage's candidate-line classifier, in C.
 *
 * ``Classifier(p, cues).classify(line, p, lead, known)`` returns what
 * ``cues._classify(line, p, lead, known)`` returns (an equal ``Cue``); ``cues._classify``
 * stays the reference and ``tests/test_compiled_classify.py`` compares the two.
 *
 * The speed comes from building no Python object the answer does not need: the line is
 * lowercased once (read folded if it is Latin-1, else by ``str.lower``), tokenized here,
 * its words looked up in one C hash table built from the pattern sets, and a ``Patterns``
 * regex runs only where the Python code runs it and a cheap C test (a condition every
 * match must meet) has not already shown that it cannot match.  ``p.time``,
 * ``p.numeric_date`` and ``p.date`` (fixed patterns, no word lists) are matched here, in
 * the order sre tries their alternatives, when ``p`` holds exactly those patterns; so are,
 * on ASCII lines without "\n", ``p.says`` (its groups' spans) and the whole-line phrase
 * patterns ``p.action``, ``p.boilerplate``, ``p.footer_start`` and ``p.header`` (whether
 * they match), when their pattern strings are the ones patterns.py builds from ``p.words``
 * (checked at construction); ``p.thanks`` is searched only where one of its phrases can
 * open.  ``Classifier.match`` shows those answers to the tests.  The helpers of
 * ``_classify`` (``_meta_line``, ``_date_matches``, ``_says``, ``_leftover``,
 * ``_trim_name``, ``_tail_name``, ``clean_name``, ``capitalised``, ``_counts_comments``)
 * are mirrored function by function; the comment of each block quotes the Python it
 * mirrors.  A line beyond this module's fixed-size arrays (``MAXSPAN``) is handed to
 * ``cues._classify`` whole (``FALLBACK``), as is a call with another ``Patterns``.
 *
 * Every text is read with PyUnicode_READ (or a loop per string kind), so 1-, 2- and
 * 4-byte strings are all handled.
 *
 * Sections: characters and views; the word table; phrase-start tests; whole-line
 * alternations; helpers around Python calls; clean_name / _leftover / _trim_name; the C matchers (time, numeric date,
 * date) and the regex prefilters; _says; _date_matches and _meta_line; _classify;
 * construction.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- constants mirrored from cues.py (checked against the module at construction) ---- */
#define LONG_LINE_WORDS 30
#define META_MAX_WORDS 14
#define META_MAX_NAME_WORDS 5
#define HEAD_TOKENS 12 /* tokens[:12] */
#define THANKS_CHARS 80 /* line[:80] */
#define NAME_MAX_WORDS 4
#define MAX_SAYS 128 /* says phrases p.says may hold to be matched here */
#define SAYS_CHARS 32 /* the longest (plus one) */
#define MAXSPAN 64 /* spans / words a meta line may hold here; more -> FALLBACK */

/* UTF-8 literals: “ \xe2\x80\x9c, ” \xe2\x80\x9d, „ \xe2\x80\x9e, « \xc2\xab, » \xc2\xbb, · \xc2\xb7,
 * • \xe2\x80\xa2, – \xe2\x80\x93, — \xe2\x80\x94 */
static const char TOKEN_PUNCT[] =
    ".,:;!?()[]\"'\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x9e\xc2\xab\xc2\xbb";
static const char DATE_STRIP[] =
    ".,:;!?()[]|\xc2\xb7/-\xe2\x80\x93\xe2\x80\x94" "0123456789";
static const char COUNT_STRIP_EXTRA[] = "0123456789{}"; /* _TOKEN_PUNCT + this */
/* what cues.clean_name strips */
static const char CLEAN_STRIP[] =
    " .,:;!?()\"'\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x9e\xc2\xab\xc2\xbb-\xe2\x80\x93\xe2\x80\x94~@";
static const char LEFTOVER_STRIP[] = ".,:;!?";
static const char TRIM_STRIP[] = ",:;|\xc2\xb7\xe2\x80\xa2/\xe2\x80\x94\xe2\x80\x93";
static const char NAME_STRIP[] = " ,:;|\xc2\xb7\xe2\x80\xa2/\xe2\x80\x94\xe2\x80\x93";
/* cues._SEPARATORS: [|·•/\\—–\-,:;@()\[\]{}<>»«] */
static const char SEPARATORS[] =
    "|\xc2\xb7\xe2\x80\xa2/\\\xe2\x80\x94\xe2\x80\x93-,:;@()[]{}<>\xc2\xbb\xc2\xab";

/* Py_UNICODE_IS* with the ASCII case inline (the Unicode database is a function call). */
static inline int
is_decimal(Py_UCS4 c) /* str.isdecimal, regex \d */
{
    return c < 128 ? (c >= '0' && c <= '9') : Py_UNICODE_ISDECIMAL(c);
}

static inline int
is_digit(Py_UCS4 c) /* str.isdigit */
{
    return c < 128 ? (c >= '0' && c <= '9') : Py_UNICODE_ISDIGIT(c);
}

static inline int
is_space(Py_UCS4 c) /* str.isspace of one character: Py_UNICODE_ISSPACE, with Latin-1 inline
                     * (its only non-ASCII spaces are U+0085 and U+00A0) */
{
    if (c < 128)
        return _Py_ascii_whitespace[c];
    if (c < 256)
        return c == 0x85 || c == 0xA0;
    return _PyUnicode_IsWhitespace(c);
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

/* ---- word table: every word of the pattern sets, with a bit per set it is in ---- */
enum {
    W_THANKS_FIRST = 1 << 0,
    W_SAYS = 1 << 1,
    W_CB_FIRST = 1 << 2,
    W_COUNT = 1 << 3,
    W_MONTH = 1 << 4,
    W_TUNIT = 1 << 5,
    W_REL = 1 << 6,
    W_FILLER = 1 << 7,
    W_DATEWORD = 1 << 8,
    W_NAMETAIL = 1 << 9,
    W_BY = 1 << 10,
    W_LEAD = 1 << 11, /* a key of p.lead_families, its families' mask in the bits above */
};
#define FAMILY_SHIFT 16 /* where a W_LEAD word's family mask (F_*) starts in its flags */

typedef struct {
    Py_hash_t hash; /* 0: empty slot; else the hash (made non-zero) */
    PyObject *word; /* a str, owned */
    unsigned flags;
} Slot;

#define FILTER_BITS 65536 /* a bit per hash value (its bits 20..35) some word has */
typedef struct {
    Slot *slots;
    size_t mask; /* capacity - 1 (a power of two) */
    size_t used;
    Py_ssize_t max_len;
    /* most looked-up spans are no word: one bit tells most of them apart without a probe
     * of the slots (which are too many to stay in the cache) */
    uint64_t filter[FILTER_BITS / 64];
} Table;

static inline size_t
filter_bit(Py_hash_t h)
{
    return ((size_t)h >> 20) & (FILTER_BITS - 1);
}

static inline Py_hash_t
hash_span(const View *v, Py_ssize_t a, Py_ssize_t b)
{
    Py_uhash_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = a; i < b; i++) {
        h ^= (Py_uhash_t)vget(v, i);
        h *= 1099511628211ULL;
    }
    h ^= (Py_uhash_t)(b - a);
    return h == 0 ? 1 : (Py_hash_t)h;
}

static inline int
span_equals(const View *v, Py_ssize_t a, Py_ssize_t b, PyObject *word)
{
    if (PyUnicode_GET_LENGTH(word) != b - a)
        return 0;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = a; i < b; i++)
        if (vget(v, i) != PyUnicode_READ(kind, data, i - a))
            return 0;
    return 1;
}

static Slot *
table_find(const Table *t, const View *v, Py_ssize_t a, Py_ssize_t b, Py_hash_t h)
{
    size_t i = (size_t)h & t->mask;
    for (;;) {
        Slot *s = &t->slots[i];
        if (s->hash == 0 || (s->hash == h && span_equals(v, a, b, s->word)))
            return s;
        i = (i + 1) & t->mask;
    }
}

/* The flags of v[a:b] (0 when it is in no set). */
static inline unsigned
lookup(const Table *t, const View *v, Py_ssize_t a, Py_ssize_t b)
{
    if (b - a > t->max_len)
        return 0;
    Py_hash_t h = hash_span(v, a, b);
    size_t bit = filter_bit(h);
    if (!(t->filter[bit / 64] & ((uint64_t)1 << (bit % 64))))
        return 0;
    return table_find(t, v, a, b, h)->flags;
}

static int
table_grow(Table *t)
{
    size_t cap = (t->mask + 1) * 2;
    Slot *slots = PyMem_Calloc(cap, sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Slot *old = t->slots;
    size_t old_cap = t->mask + 1;
    t->slots = slots;
    t->mask = cap - 1;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].hash == 0)
            continue;
        size_t j = (size_t)old[i].hash & t->mask;
        while (slots[j].hash != 0)
            j = (j + 1) & t->mask;
        slots[j] = old[i];
    }
    PyMem_Free(old);
    return 0;
}

static int
table_add(Table *t, PyObject *word, unsigned flag)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "pattern sets must hold str");
        return -1;
    }
    if ((t->used + 1) * 2 > t->mask + 1 && table_grow(t) < 0)
        return -1;
    View v;
    view_of(&v, word, 0);
    Py_hash_t h = hash_span(&v, 0, v.len);
    Slot *s = table_find(t, &v, 0, v.len, h);
    if (s->hash == 0) {
        s->hash = h;
        size_t bit = filter_bit(h);
        t->filter[bit / 64] |= (uint64_t)1 << (bit % 64);
        Py_INCREF(word);
        s->word = word;
        t->used++;
        if (v.len > t->max_len)
            t->max_len = v.len;
    }
    s->flags |= flag;
    return 0;
}

static int
table_add_set(Table *t, PyObject *set, unsigned flag)
{
    PyObject *it = PyObject_GetIter(set);
    if (it == NULL)
        return -1;
    PyObject *w;
    while ((w = PyIter_Next(it)) != NULL) {
        int r = table_add(t, w, flag);
        Py_DECREF(w);
        if (r < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

static void
table_free(Table *t)
{
    if (t->slots == NULL)
        return;
    for (size_t i = 0; i <= t->mask; i++)
        Py_XDECREF(t->slots[i].word);
    PyMem_Free(t->slots);
    t->slots = NULL;
}

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
 * "{" is a literal).  Returns the length kept. */
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
        lit[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    if (number)
        *bucket = DIGITS_BUCKET;
    else if (k > 0)
        *bucket = (unsigned char)lit[0];
    else if (special_fold(PyUnicode_READ_CHAR(ph, 0)))
        *bucket = DIGITS_BUCKET + 1; /* opens with İ ı ſ K: phrase_start_init set ok = 0 */
    /* else it opens with another non-ASCII character, which matches only a non-ASCII one:
     * phrase_opening_at lets those through without a look at the phrases */
    return k;
}

/* Fills ps->lit / len / bucket_at from the phrases (called once phrase_start_init found
 * them fit for its first-character test).  A phrase that matches no ASCII line is left
 * out; too many phrases leave ps->prefixes at 0. */
static int
phrase_prefixes_init(PhraseStart *ps, PyObject *phrases)
{
    Py_ssize_t total = PyObject_Size(phrases);
    if (total < 0)
        return -1;
    if (total > MAX_PHRASES)
        return 0;
    char lits[MAX_PHRASES][PREFIX_CHARS];
    unsigned char lens[MAX_PHRASES], lines[MAX_PHRASES];
    int buckets[MAX_PHRASES];
    int count[DIGITS_BUCKET + 1] = {0};
    int n = 0;
    PyObject *it = PyObject_GetIter(phrases);
    if (it == NULL)
        return -1;
    PyObject *ph;
    int fit = 1;
    while ((ph = PyIter_Next(it)) != NULL) {
        if (n < MAX_PHRASES) {
            /* a phrase that matches no 1-byte line is left out */
            lens[n] = (unsigned char)phrase_prefix(ph, lits[n], &buckets[n], &lines[n]);
            if (buckets[n] > DIGITS_BUCKET)
                fit = 0;
            else if (buckets[n] >= 0)
                count[buckets[n]]++;
            n++;
        }
        else
            fit = 0;
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    if (!fit)
        return 0;
    /* counting sort by bucket */
    ps->bucket_at[0] = 0;
    for (int b = 0; b <= DIGITS_BUCKET; b++)
        ps->bucket_at[b + 1] = ps->bucket_at[b] + count[b];
    int fill[DIGITS_BUCKET + 1];
    memcpy(fill, ps->bucket_at, sizeof(fill));
    for (int k = 0; k < n; k++) {
        if (buckets[k] < 0)
            continue;
        int row = fill[buckets[k]]++;
        ps->len[row] = lens[k];
        ps->lines[row] = lines[k];
        memcpy(ps->lit[row], lits[k], PREFIX_CHARS);
    }
    ps->prefixes = 1;
    return 0;
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
            ps->first[(c >= 'A' && c <= 'Z') ? c + 32 : c] = 1;
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
        return ps->first[(c >= 'A' && c <= 'Z') ? c + 32 : c];
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
        Py_ssize_t k = 0;
        while (k < m) {
            int c = d[i + k];
            if (c >= 'A' && c <= 'Z')
                c += 32;
            if (c != (unsigned char)ps->lit[row][k])
                break;
            k++;
        }
        if (k == m)
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
literal_start_init(PhraseStart *ps, PyObject *phrases)
{
    memset(ps, 0, sizeof(*ps));
    Py_ssize_t total = PyObject_Size(phrases);
    if (total < 0)
        return -1;
    if (total > MAX_PHRASES)
        return 0;
    char lits[MAX_PHRASES][PREFIX_CHARS];
    unsigned char lens[MAX_PHRASES];
    int buckets[MAX_PHRASES];
    int count[DIGITS_BUCKET] = {0};
    int n = 0, fit = 1;
    PyObject *it = PyObject_GetIter(phrases);
    if (it == NULL)
        return -1;
    PyObject *ph;
    while ((ph = PyIter_Next(it)) != NULL) {
        Py_ssize_t len = PyUnicode_Check(ph) ? PyUnicode_GET_LENGTH(ph) : 0;
        int k = 0;
        for (; k < len && k < PREFIX_CHARS; k++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(ph, k);
            if (c >= 128)
                break;
            lits[n][k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        lens[n] = (unsigned char)k;
        buckets[n] = k > 0 ? (unsigned char)lits[n][0] : -1;
        if (len == 0 || (k == 0 && special_fold(PyUnicode_READ_CHAR(ph, 0))))
            fit = 0;
        else if (buckets[n] >= 0)
            count[buckets[n]]++;
        n++;
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    if (!fit)
        return 0;
    ps->bucket_at[0] = 0;
    for (int b = 0; b < DIGITS_BUCKET; b++)
        ps->bucket_at[b + 1] = ps->bucket_at[b] + count[b];
    int fill[DIGITS_BUCKET];
    memcpy(fill, ps->bucket_at, sizeof(fill));
    for (int k = 0; k < n; k++) {
        if (buckets[k] < 0)
            continue;
        int row = fill[buckets[k]]++;
        ps->len[row] = lens[k];
        memcpy(ps->lit[row], lits[k], PREFIX_CHARS);
    }
    ps->ok = ps->prefixes = 1;
    return 0;
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
    int b = (c >= 'A' && c <= 'Z') ? c + 32 : c;
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
    PyObject *words = PyObject_GetAttrString(p, "words");
    PyObject *phrases = words == NULL ? NULL : PyMapping_GetItemString(words, key);
    Py_XDECREF(words);
    if (phrases == NULL)
        return -1;
    PyObject *mod = PyImport_ImportModule("blogwash.patterns");
    PyObject *alt =
        mod == NULL ? NULL : PyObject_CallMethod(mod, "_line_alternation", "O", phrases);
    Py_XDECREF(mod);
    PyObject *want = alt == NULL ? NULL : PyUnicode_FromFormat(format, alt, c1, c2, c3, c4);
    Py_XDECREF(alt);
    PyObject *rx = want == NULL ? NULL : PyObject_GetAttrString(p, regex);
    PyObject *pat = rx == NULL ? NULL : PyObject_GetAttrString(rx, "pattern");
    PyObject *flags = pat == NULL ? NULL : PyObject_GetAttrString(rx, "flags");
    Py_XDECREF(rx);
    int ok = -1;
    if (flags != NULL) {
        long f = PyLong_AsLong(flags);
        int same = PyUnicode_Check(pat) ? PyUnicode_Compare(pat, want) : 1;
        if (!PyErr_Occurred())
            ok = same == 0 && f == (2 | 32);
    }
    Py_XDECREF(want);
    Py_XDECREF(pat);
    Py_XDECREF(flags);
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
    int count[129] = {0};
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
                lits[n][k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        if (len <= 0 || n >= total)
            ok = 0;
        else if (keep && ok == 1) {
            lens[n] = (unsigned char)k;
            buckets[n] = lits[n][0] == LA_DIGITS ? 128 : (unsigned char)lits[n][0];
            count[buckets[n]]++;
            n++;
        }
        Py_DECREF(ph);
    }
    Py_DECREF(it);
    if (ok >= 0 && PyErr_Occurred())
        ok = -1;
    if (ok == 1) { /* counting sort by bucket */
        for (int b = 0; b < 129; b++)
            la->bucket_at[b + 1] = la->bucket_at[b] + count[b];
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

/* ---- the Classifier object ---- */
enum { /* the pattern families of p.lead_families */
    F_FOOTER = 1 << 0,
    F_HEADERS = 1 << 1,
    F_BOILER = 1 << 2,
    F_ACTIONS = 1 << 3,
    F_SIGNOFFS = 1 << 4,
    F_SALUTATIONS = 1 << 5,
    F_BSTARTS = 1 << 6,
};
static const char *FAMILY_NAMES[] = {"footer_starts", "comment_headers", "boilerplate",
                                     "actions", "signoffs", "salutations",
                                     "boilerplate_starts", NULL};

typedef struct {
    PyObject_HEAD
    PyObject *p;
    Table words;
    long digit_families;
    PyObject *relative_phrases; /* tuple of str */
    PyObject *comment_by_first; /* frozenset */
    int says_prefilter; /* the says words allow the ASCII test in says_possible */
    /* p.says matched here on ASCII lines (says_c_init): its phrases that can match an ASCII
     * line, ASCII lowercased, in the order of its alternation (longest first) */
    int says_c, n_says;
    /* the rows opening with character b: says_row[says_at[b]] .. says_row[says_at[b+1]-1],
     * in alternation order */
    int says_at[129];
    unsigned char says_row[MAX_SAYS];
    /* says_all's rows by first character, lowered (128: the non-ASCII ones), as says_at */
    int says_all_at[130];
    unsigned char says_all_row[MAX_SAYS];
    /* every phrase of p.says, as read (says_maybe, for the other lines) */
    int n_says_all;
    unsigned char says_all_len[MAX_SAYS];
    Py_UCS4 says_all[MAX_SAYS][SAYS_CHARS];
    unsigned char says_len[MAX_SAYS];
    char says_lit[MAX_SAYS][SAYS_CHARS];
    PhraseStart header_start, boiler_start, thanks_start;
    LineAlt la_action, la_boiler, la_footer, la_header; /* matched here when ok */
    int thanks_c; /* p.thanks opens with (?:^|[ ,.!])(?:<p.words["thanks"]>) */
    int date_m1, date_m2, reldate_unit; /* group numbers */
    /* p.time / p.numeric_date / p.date are the patterns this module matches itself */
    int own_time, own_numeric_date, own_date;
    /* bound methods of p's regexes */
    PyObject *footer_match, *header_match, *header_count_search, *header_count_match;
    PyObject *boiler_match, *action_match, *pagination_match, *signoff_match;
    PyObject *boiler_start_match, *salutation_match, *thanks_match, *thanks_search, *date_finditer;
    PyObject *numeric_date_finditer, *time_finditer, *reldate_finditer, *comment_by_match;
    PyObject *comment_by_prefix_match, *says_re_match, *says_last_fullmatch;
    /* from cues */
    PyObject *cue_slots[4]; /* Cue's slot descriptors (kind name thanks thanked), or NULLs */
    PyObject *Cue, *py_classify;
    PyObject *c_text, *c_header, *c_footer, *c_boiler, *c_action, *c_number, *c_date;
} Classifier;

/* A marker result: "let cues._classify answer".  Never reference-counted by the code
 * that passes it on (it lives as long as the module). */
static PyObject *FALLBACK;
static CharSet CS_CLEAN, CS_TOKEN, CS_DATE, CS_COUNT, CS_LEFT, CS_TRIM, CS_NAME, CS_SEP;
static PyObject *S_SPAN, *S_GROUP, *S_LOWER, *S_NAME, *S_REST, *S_REGS, *S_END, *S_SPACE;
static PyObject *S_SIGNOFF, *S_SALUTATION, *S_AUTHOR, *S_TEXT; /* Cue kinds */

/* ---- small helpers around Python calls ---- */

/* regs[k] (a Match.regs item) -> *s */
static int
reg_span(PyObject *regs, int k, Span *s)
{
    PyObject *t = PyTuple_GET_ITEM(regs, k);
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 2) {
        PyErr_SetString(PyExc_TypeError, "unexpected Match.regs");
        return -1;
    }
    s->a = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
    s->b = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
    return PyErr_Occurred() ? -1 : 0;
}

/* m.span(group) -> *s; returns -1 on error */
static int
match_span(PyObject *m, PyObject *group, Span *s)
{
    PyObject *t = group ? PyObject_CallMethodOneArg(m, S_SPAN, group)
                        : PyObject_CallMethodNoArgs(m, S_SPAN);
    if (t == NULL)
        return -1;
    s->a = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
    s->b = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
    Py_DECREF(t);
    return PyErr_Occurred() ? -1 : 0;
}

/* regex(line) is not None: 1, 0 or -1 */
static int
matches(PyObject *method, PyObject *line)
{
    PyObject *m = PyObject_CallOneArg(method, line);
    if (m == NULL)
        return -1;
    int r = m != Py_None;
    Py_DECREF(m);
    return r;
}

static PyObject *
plain(PyObject *cue)
{
    Py_INCREF(cue);
    return cue;
}

/* Cue(kind, name, thanks, thanked); name/thanked may be NULL for None */
static PyObject *
make_cue(Classifier *self, PyObject *kind, PyObject *name, int thanks, PyObject *thanked)
{
    PyObject *values[4] = {kind, name ? name : Py_None, thanks ? Py_True : Py_False,
                           thanked ? thanked : Py_None};
    if (!self->cue_slots[0]) /* Cue is not the plain frozen slots dataclass checked for */
        return PyObject_Vectorcall(self->Cue, values, 4, NULL);
    /* What the dataclass __init__ does, without its Python frame: object.__new__(Cue),
     * then object.__setattr__ of each field (its slot descriptor's __set__). */
    PyTypeObject *type = (PyTypeObject *)self->Cue;
    PyObject *cue = type->tp_alloc(type, 0);
    if (cue == NULL)
        return NULL;
    for (int k = 0; k < 4; k++) {
        PyObject *d = self->cue_slots[k];
        if (Py_TYPE(d)->tp_descr_set(d, cue, values[k]) < 0) {
            Py_DECREF(cue);
            return NULL;
        }
    }
    return cue;
}

/* cues.clean_name(name): None, or the name stripped of CLEAN_STRIP if it is then
 * non-empty, of at most NAME_MAX_WORDS words and 60 characters (new ref) */
static PyObject *
clean_name(PyObject *name)
{
    if (name == Py_None || PyUnicode_GET_LENGTH(name) == 0) /* if not name: return None */
        Py_RETURN_NONE;
    View v;
    view_of(&v, name, 0);
    Span s = {0, v.len};
    strip_span(&v, &CS_CLEAN, &s);
    /* if not name or len(name.split()) > max_words or len(name) > 60: return None */
    int words = 0;
    for (Py_ssize_t i = s.a; i < s.b && words <= NAME_MAX_WORDS;) {
        if (is_space(vget(&v, i))) {
            i++;
            continue;
        }
        words++;
        while (i < s.b && !is_space(vget(&v, i)))
            i++;
    }
    if (s.a >= s.b || words > NAME_MAX_WORDS || s.b - s.a > 60)
        Py_RETURN_NONE;
    return PyUnicode_Substring(name, s.a, s.b);
}

/* clean_name(m.group(group)) -> new ref (maybe None) */
static PyObject *
clean_group(PyObject *m, PyObject *group)
{
    PyObject *g = PyObject_CallMethodOneArg(m, S_GROUP, group);
    if (g == NULL)
        return NULL;
    PyObject *r = PyUnicode_Check(g) || g == Py_None ? clean_name(g) : NULL;
    if (r == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_TypeError, "a name group must be a str");
    Py_DECREF(g);
    return r;
}

/* cues.capitalised(name): name and name[0].isupper() */
static int
capitalised(PyObject *name)
{
    return name != Py_None && PyUnicode_GET_LENGTH(name) > 0 &&
           Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(name, 0));
}

/* The lowercased text of line[a:b] (``line[a:b].lower()``): a folding view of the line
 * itself when that part is Latin-1, else of a new str held in *hold (the caller releases
 * it). */
static int
lower_span(const View *L, PyObject *line, Span s, View *out, Span *os, PyObject **hold)
{
    *hold = NULL;
    int latin1 = 1;
    for (Py_ssize_t i = s.a; i < s.b && latin1; i++)
        latin1 = PyUnicode_READ(L->kind, L->data, i) < 256;
    if (latin1) {
        *out = *L;
        out->fold = 1;
        *os = s;
        return 0;
    }
    PyObject *sub = PyUnicode_Substring(line, s.a, s.b);
    if (sub == NULL)
        return -1;
    *hold = PyObject_CallMethodNoArgs(sub, S_LOWER);
    Py_DECREF(sub);
    if (*hold == NULL)
        return -1;
    view_of(out, *hold, 0);
    os->a = 0;
    os->b = out->len;
    return 0;
}

/* The table flags of line[a:b].lower() */
static int
lower_flags(Classifier *self, const View *L, PyObject *line, Span s, unsigned *flags)
{
    View v;
    Span vs;
    PyObject *hold;
    if (lower_span(L, line, s, &v, &vs, &hold) < 0)
        return -1;
    *flags = lookup(&self->words, &v, vs.a, vs.b);
    Py_XDECREF(hold);
    return 0;
}

/* ``str.split()`` of the text made of the segments segs (joined by spaces), as spans of
 * the line; with sep, separator characters split too (``_SEPARATORS.sub(" ", text)``).
 * Returns the number of words, or -2 when more than MAXSPAN. */
static int
split_segments(const View *L, const Span *segs, int nsegs, const CharSet *sep, Span *out)
{
    int n = 0;
    for (int k = 0; k < nsegs; k++) {
        Py_ssize_t i = segs[k].a, end = segs[k].b;
        while (i < end) {
            Py_UCS4 c = vget(L, i);
            if (is_space(c) || (sep && in_set(sep, c))) {
                i++;
                continue;
            }
            Py_ssize_t a = i;
            while (i < end) {
                c = vget(L, i);
                if (is_space(c) || (sep && in_set(sep, c)))
                    break;
                i++;
            }
            if (n == MAXSPAN)
                return -2;
            out[n].a = a;
            out[n].b = i;
            n++;
        }
    }
    return n;
}

static inline int
all_digits(const View *v, Span s) /* str.isdigit() */
{
    if (s.a >= s.b)
        return 0;
    for (Py_ssize_t i = s.a; i < s.b; i++)
        if (!is_digit(vget(v, i)))
            return 0;
    return 1;
}

/* cues._leftover(text): the kept words go to out (count returned; -1 error, -2 too many);
 * *alpha: whether they hold an alphabetic character. */
static int
leftover(Classifier *self, const View *L, PyObject *line, const Span *segs, int nsegs,
         Span *out, int *alpha)
{
    Span words[MAXSPAN];
    int n = split_segments(L, segs, nsegs, &CS_SEP, words);
    if (n < 0)
        return n;
    int kept = 0;
    *alpha = 0;
    for (int k = 0; k < n; k++) {
        /* low = word.lower().strip(".,:;!?") */
        View v;
        Span s;
        PyObject *hold;
        if (lower_span(L, line, words[k], &v, &s, &hold) < 0)
            return -1;
        strip_span(&v, &CS_LEFT, &s);
        /* if not low or low in skip or low.isdigit() or low.startswith("#"): continue */
        int skip = s.a >= s.b || (lookup(&self->words, &v, s.a, s.b) & W_FILLER) ||
                   all_digits(&v, s) || vget(&v, s.a) == '#';
        Py_XDECREF(hold);
        if (skip)
            continue;
        out[kept++] = words[k];
        for (Py_ssize_t i = words[k].a; i < words[k].b && !*alpha; i++)
            *alpha = is_alpha(vget(L, i));
    }
    return kept;
}

/* cues._trim_name(" ".join(tokens)) with tokens given as spans of the line: a new str or
 * None (new ref); NULL on error. */
static PyObject *
trim_name(Classifier *self, const View *L, PyObject *line, const Span *tok, int n)
{
    int i0 = 0;
    unsigned f;
    /* if len(tokens) > 1 and tokens[0].lower() in p.words["by_words"]: tokens.pop(0) */
    if (n > 1) {
        if (lower_flags(self, L, line, tok[0], &f) < 0)
            return NULL;
        if (f & W_BY)
            i0 = 1;
    }
    while (n > i0) {
        /* low = tokens[-1].lower().strip(",:;|·•/—–") */
        View v;
        Span s;
        PyObject *hold;
        if (lower_span(L, line, tok[n - 1], &v, &s, &hold) < 0)
            return NULL;
        strip_span(&v, &CS_TRIM, &s);
        int keep = 0;
        if (s.a < s.b) {
            Span nodot = s; /* low.rstrip(".") */
            while (nodot.b > nodot.a && vget(&v, nodot.b - 1) == '.')
                nodot.b--;
            keep = !((lookup(&self->words, &v, nodot.a, nodot.b) & W_DATEWORD) ||
                     (lookup(&self->words, &v, s.a, s.b) & W_NAMETAIL) ||
                     (all_digits(&v, s) && n - i0 > 1));
        }
        Py_XDECREF(hold);
        if (keep)
            break;
        n--;
    }
    if (n == i0 || n - i0 > META_MAX_NAME_WORDS + 1)
        Py_RETURN_NONE; /* an empty join strips to "" */
    /* name = " ".join(tokens).strip(" ,:;|·•/—–") */
    PyObject *parts = PyList_New(n - i0);
    if (parts == NULL)
        return NULL;
    for (int k = i0; k < n; k++) {
        PyObject *w = PyUnicode_Substring(line, tok[k].a, tok[k].b);
        if (w == NULL) {
            Py_DECREF(parts);
            return NULL;
        }
        PyList_SET_ITEM(parts, k - i0, w);
    }
    PyObject *joined = PyUnicode_Join(S_SPACE, parts);
    Py_DECREF(parts);
    if (joined == NULL)
        return NULL;
    View j;
    view_of(&j, joined, 0);
    Span s = {0, j.len};
    strip_span(&j, &CS_NAME, &s);
    PyObject *name = NULL;
    if (s.a >= s.b || s.b - s.a > 80) {
        name = Py_None;
        Py_INCREF(name);
    }
    else
        name = PyUnicode_Substring(joined, s.a, s.b);
    Py_DECREF(joined);
    return name;
}

/* ---- p.time, p.numeric_date and p.date, matched here: the regexes have no word lists
 * (the Classifier checks at construction that p holds exactly these patterns, else it
 * runs them).  Each function is the regex at one start position, its alternatives and
 * quantifiers tried in the order sre tries them; ``scan`` is ``finditer``. ---- */

static inline int
is_word(Py_UCS4 c) /* regex \w for str: Py_UNICODE_ISALNUM or "_" */
{
    if (c < 128)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

static inline Py_UCS4
at(const View *L, Py_ssize_t i) /* the character at i, 0 past either end */
{
    return i >= 0 && i < L->len ? vget(L, i) : 0;
}

static inline int
dec_at(const View *L, Py_ssize_t i)
{
    return i >= 0 && i < L->len && is_decimal(vget(L, i));
}

/* IGNORECASE literal: sre compares Py_UNICODE_TOLOWER(text char) with the (lowercase,
 * ASCII) pattern character, or with the characters re._casefix adds to it */
static inline int
lit_at(const View *L, Py_ssize_t i, char lit)
{
    if (i < 0 || i >= L->len)
        return 0;
    Py_UCS4 c = vget(L, i);
    if (c < 128)
        return (c >= 'A' && c <= 'Z' ? c + 32 : c) == (Py_UCS4)lit;
    c = Py_UNICODE_TOLOWER(c);
    /* re._casefix: "s" also matches "ſ", "i" also "ı" */
    return c == (Py_UCS4)lit || (lit == 's' && c == 0x17f) || (lit == 'i' && c == 0x131);
}

static int
lits_at(const View *L, Py_ssize_t i, const char *lits)
{
    for (; *lits; lits++, i++)
        if (!lit_at(L, i, *lits))
            return 0;
    return 1;
}

#define TIME_PATTERN                                                                      \
    "\\d(?:(?<!\\w\\d)\\d?[:h.]\\d{2}(?: ?(?:am|pm|a\\.m\\.|p\\.m\\.|uhr|h))?(?!\\d)"     \
    "|(?<![\\w\\-]\\d)[09](?<=19|20)\\d{2}(?![\\w\\-]))"
#define NUMERIC_DATE_PATTERN "\\d(?<!\\d\\d)\\d{0,3}[./\\-]\\d{1,2}[./\\-]\\d{2,4}\\b"

/* p.time (IGNORECASE) at s: the end of the match, or -1 */
static Py_ssize_t
time_at(const View *L, Py_ssize_t s)
{
    static const char *SUFFIX[] = {"am", "pm", "a.m.", "p.m.", "uhr", "h", NULL};
    if (!dec_at(L, s))
        return -1;
    /* \d(?<!\w\d)\d?[:h.]\d{2}(?: ?(?:am|pm|a\.m\.|p\.m\.|uhr|h))?(?!\d) */
    if (!(s > 0 && is_word(vget(L, s - 1)))) {
        for (int extra = dec_at(L, s + 1); extra >= 0; extra--) { /* \d? greedy */
            Py_ssize_t p = s + 1 + extra;
            if (!(lit_at(L, p, ':') || lit_at(L, p, 'h') || lit_at(L, p, '.')) ||
                !dec_at(L, p + 1) || !dec_at(L, p + 2))
                continue;
            p += 3;
            for (int sp = at(L, p) == ' '; sp >= 0; sp--) /* " ?" greedy */
                for (int k = 0; SUFFIX[k]; k++) {
                    Py_ssize_t e = p + sp + (Py_ssize_t)strlen(SUFFIX[k]);
                    if (lits_at(L, p + sp, SUFFIX[k]) && !dec_at(L, e))
                        return e;
                }
            if (!dec_at(L, p)) /* the optional suffix left out */
                return p;
        }
    }
    /* \d(?<![\w\-]\d)[09](?<=19|20)\d{2}(?![\w\-]) */
    if (s > 0 && (is_word(vget(L, s - 1)) || vget(L, s - 1) == '-'))
        return -1;
    if (!(lit_at(L, s + 1, '0') || lit_at(L, s + 1, '9')))
        return -1;
    if (!((lit_at(L, s, '1') && lit_at(L, s + 1, '9')) ||
          (lit_at(L, s, '2') && lit_at(L, s + 1, '0'))))
        return -1;
    if (!dec_at(L, s + 2) || !dec_at(L, s + 3))
        return -1;
    if (s + 4 < L->len && (is_word(vget(L, s + 4)) || vget(L, s + 4) == '-'))
        return -1;
    return s + 4;
}

static inline int
boundary_at(const View *L, Py_ssize_t i) /* regex \b (Unicode) */
{
    int before = i > 0 && is_word(vget(L, i - 1));
    int after = i < L->len && is_word(vget(L, i));
    return before != after;
}

static inline int
date_sep_at(const View *L, Py_ssize_t i)
{
    Py_UCS4 c = at(L, i);
    return c == '.' || c == '/' || c == '-';
}

static Py_ssize_t
run_of_digits(const View *L, Py_ssize_t i, Py_ssize_t most)
{
    Py_ssize_t n = 0;
    while (n < most && dec_at(L, i + n))
        n++;
    return n;
}

/* p.numeric_date at s: the end of the match, or -1 */
static Py_ssize_t
numeric_date_at(const View *L, Py_ssize_t s)
{
    /* \d(?<!\d\d) */
    if (!dec_at(L, s) || dec_at(L, s - 1))
        return -1;
    /* \d{0,3}[./\-]\d{1,2}[./\-]\d{2,4}\b, each quantifier greedy */
    for (Py_ssize_t k1 = run_of_digits(L, s + 1, 3); k1 >= 0; k1--) {
        Py_ssize_t p1 = s + 1 + k1;
        if (!date_sep_at(L, p1))
            continue;
        for (Py_ssize_t k2 = run_of_digits(L, p1 + 1, 2); k2 >= 1; k2--) {
            Py_ssize_t p2 = p1 + 1 + k2;
            if (!date_sep_at(L, p2))
                continue;
            for (Py_ssize_t k3 = run_of_digits(L, p2 + 1, 4); k3 >= 2; k3--)
                if (boundary_at(L, p2 + 1 + k3))
                    return p2 + 1 + k3;
        }
    }
    return -1;
}


#define DATE_PATTERN                                                                      \
    "(?<!\\d)(?:[12]\\d|3[01]|0?[1-9])(?:\\.|st|nd|rd|th|er)? ?(?:de )?"                  \
    "(?P<m1>[^\\W\\d_]{2,12})\\.?,?(?: de)? \\d{2,4}\\b"                                  \
    "|(?<![\\w])(?P<m2>[^\\W\\d_]{2,12})\\.? (?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,? " \
    "\\d{4}\\b"                                                                           \
    "|(?<!\\d)\\d{1,4}[./\\-]\\d{1,2}[./\\-]\\d{2,4}\\b"

static inline int
letter_at(const View *L, Py_ssize_t i) /* [^\W\d_]: \w but no digit (\d) and no "_" */
{
    if (i < 0 || i >= L->len)
        return 0;
    Py_UCS4 c = vget(L, i);
    return is_word(c) && !is_decimal(c) && c != '_';
}

/* (?:[12]\d|3[01]|0?[1-9]) at p: the ends its alternatives reach, in the order sre tries
 * them (out holds 4) */
static int
day_ends(const View *L, Py_ssize_t p, Py_ssize_t *out)
{
    int n = 0;
    Py_UCS4 c0 = at(L, p), c1 = at(L, p + 1);
    if ((c0 == '1' || c0 == '2') && dec_at(L, p + 1))
        out[n++] = p + 2;
    if (c0 == '3' && (c1 == '0' || c1 == '1'))
        out[n++] = p + 2;
    if (c0 == '0' && c1 >= '1' && c1 <= '9') /* 0? greedy: with the 0 first */
        out[n++] = p + 2;
    if (c0 >= '1' && c0 <= '9')
        out[n++] = p + 1;
    return n;
}

/* An optional part of a pattern (greedy): its lengths to try, longest first */
#define OPTIONAL(var, present, len)                                                       \
    for (int var = (present) ? (len) : 0; var >= 0; var -= (len))

/* First alternative of p.date at s:
 * (?<!\d)DAY(?:\.|st|nd|rd|th|er)? ?(?:de )?(?P<m1>[^\W\d_]{2,12})\.?,?(?: de)? \d{2,4}\b */
static Py_ssize_t
date_day_month_at(const View *L, Py_ssize_t s, Span *month)
{
    static const char *SUFFIX[] = {".", "st", "nd", "rd", "th", "er", ""}; /* "": none */
    if (dec_at(L, s - 1))
        return -1;
    Py_ssize_t days[4];
    int ndays = day_ends(L, s, days);
    for (int k = 0; k < ndays; k++)
        for (int x = 0; x < 7; x++) {
            if (!lits_at(L, days[k], SUFFIX[x]))
                continue;
            Py_ssize_t p1 = days[k] + (Py_ssize_t)strlen(SUFFIX[x]);
            OPTIONAL(sp, at(L, p1) == ' ', 1)
            OPTIONAL(de, lits_at(L, p1 + sp, "de "), 3)
            {
                Py_ssize_t w = p1 + sp + de;
                Py_ssize_t run = 0;
                while (run < 12 && letter_at(L, w + run))
                    run++;
                for (Py_ssize_t len = run; len >= 2; len--) {
                    Py_ssize_t w_end = w + len;
                    OPTIONAL(dot, at(L, w_end) == '.', 1)
                    OPTIONAL(comma, at(L, w_end + dot) == ',', 1)
                    OPTIONAL(de2, lits_at(L, w_end + dot + comma, " de"), 3)
                    {
                        Py_ssize_t q = w_end + dot + comma + de2;
                        if (at(L, q) != ' ')
                            continue;
                        for (Py_ssize_t nd = run_of_digits(L, q + 1, 4); nd >= 2; nd--)
                            if (boundary_at(L, q + 1 + nd)) {
                                month->a = w;
                                month->b = w_end;
                                return q + 1 + nd;
                            }
                    }
                }
            }
        }
    return -1;
}

/* Second alternative of p.date at s:
 * (?<![\w])(?P<m2>[^\W\d_]{2,12})\.? DAY(?:st|nd|rd|th)?,? \d{4}\b */
static Py_ssize_t
date_month_day_at(const View *L, Py_ssize_t s, Span *month)
{
    static const char *SUFFIX[] = {"st", "nd", "rd", "th", ""};
    if (s > 0 && is_word(vget(L, s - 1)))
        return -1;
    Py_ssize_t run = 0;
    while (run < 12 && letter_at(L, s + run))
        run++;
    for (Py_ssize_t len = run; len >= 2; len--) {
        Py_ssize_t w_end = s + len;
        OPTIONAL(dot, at(L, w_end) == '.', 1)
        {
            Py_ssize_t p = w_end + dot;
            if (at(L, p) != ' ')
                continue;
            Py_ssize_t days[4];
            int ndays = day_ends(L, p + 1, days);
            for (int k = 0; k < ndays; k++)
                for (int x = 0; x < 5; x++) {
                    if (!lits_at(L, days[k], SUFFIX[x]))
                        continue;
                    Py_ssize_t q1 = days[k] + (Py_ssize_t)strlen(SUFFIX[x]);
                    OPTIONAL(comma, at(L, q1) == ',', 1)
                    {
                        Py_ssize_t q = q1 + comma;
                        if (at(L, q) == ' ' && run_of_digits(L, q + 1, 4) == 4 &&
                            boundary_at(L, q + 5)) {
                            month->a = s;
                            month->b = w_end;
                            return q + 5;
                        }
                    }
                }
        }
    }
    return -1;
}

/* Third alternative of p.date at s: (?<!\d)\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}\b */
static Py_ssize_t
date_numeric_at(const View *L, Py_ssize_t s)
{
    if (!dec_at(L, s) || dec_at(L, s - 1))
        return -1;
    for (Py_ssize_t k1 = run_of_digits(L, s, 4); k1 >= 1; k1--) {
        Py_ssize_t p1 = s + k1;
        if (!date_sep_at(L, p1))
            continue;
        for (Py_ssize_t k2 = run_of_digits(L, p1 + 1, 2); k2 >= 1; k2--) {
            Py_ssize_t p2 = p1 + 1 + k2;
            if (!date_sep_at(L, p2))
                continue;
            for (Py_ssize_t k3 = run_of_digits(L, p2 + 1, 4); k3 >= 2; k3--)
                if (boundary_at(L, p2 + 1 + k3))
                    return p2 + 1 + k3;
        }
    }
    return -1;
}

/* p.date (IGNORECASE) at s: the end of the match, or -1; *month: the span of the group
 * m1 or m2 that took part, or (-1, -1) */
static Py_ssize_t
date_at(const View *L, Py_ssize_t s, Span *month)
{
    month->a = month->b = -1;
    Py_ssize_t e = date_day_month_at(L, s, month);
    if (e < 0)
        e = date_month_day_at(L, s, month);
    if (e < 0)
        e = date_numeric_at(L, s);
    return e;
}

static Py_ssize_t
date_at_no_group(const View *L, Py_ssize_t s) /* date_at for scan() */
{
    Span month;
    return date_at(L, s, &month);
}

/* finditer: the leftmost match, then the next from its end (matches are never empty) */
static int
scan(const View *L, Py_ssize_t (*match_at)(const View *, Py_ssize_t), Span *spans, int *n)
{
    for (Py_ssize_t s = 0; s < L->len;) {
        /* both matchers (time_at, numeric_date_at) open with \d: skip to a digit (in
         * Latin-1 text 0-9 are the only ones) */
        if (L->kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *d = L->data;
            while (s < L->len && !(d[s] >= '0' && d[s] <= '9'))
                s++;
            if (s == L->len)
                break;
        }
        else if (!is_decimal(vget(L, s))) {
            s++;
            continue;
        }
        Py_ssize_t e = match_at(L, s);
        if (e < 0) {
            s++;
            continue;
        }
        if (*n == MAXSPAN)
            return -2;
        spans[*n].a = s;
        spans[(*n)++].b = e;
        s = e;
    }
    return 0;
}

/* ---- C tests every match of a regex must pass (no false "cannot match") ---- */

static inline int
is_decimal_at(const View *v, Py_ssize_t i) /* regex \d for str: Unicode decimal */
{
    return i >= 0 && i < v->len && is_decimal(vget(v, i));
}

/* p.numeric_date: \d(?<!\d\d)\d{0,3}[./\-]\d{1,2}... needs "<digit>[./-]<digit>". */
static int
numeric_date_possible(const View *L)
{
    for (Py_ssize_t i = 0; i + 2 < L->len; i++) {
        Py_UCS4 c = vget(L, i + 1);
        if ((c == '.' || c == '/' || c == '-') && is_decimal_at(L, i) && is_decimal_at(L, i + 2))
            return 1;
    }
    return 0;
}

/* p.time: "\d\d?[:h.]\d{2}..." (IGNORECASE: any non-ASCII character is let through) or
 * "(19|20)\d{2}". */
static int
time_possible(const View *L)
{
    for (Py_ssize_t i = 1; i + 1 < L->len; i++) {
        Py_UCS4 c = vget(L, i);
        if ((c == ':' || c == '.' || c == 'h' || c == 'H' || c >= 128) &&
            is_decimal_at(L, i - 1) && is_decimal_at(L, i + 1))
            return 1;
        if (i + 2 < L->len && ((vget(L, i - 1) == '1' && c == '9') ||
                               (vget(L, i - 1) == '2' && c == '0')) &&
            is_decimal_at(L, i + 1) && is_decimal_at(L, i + 2))
            return 1;
    }
    return 0;
}

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
        c0 = (c0 >= 'A' && c0 <= 'Z') ? c0 + 32 : c0;
        /* the phrases opening with it, in alternation order (the others fail here) */
        for (int r = self->says_at[c0]; r < self->says_at[c0 + 1]; r++) {
            int row = self->says_row[r];
            Py_ssize_t m = self->says_len[row];
            if (q + m > n)
                continue;
            Py_ssize_t j = 0;
            while (j < m) {
                int c = d[q + j];
                if (c >= 'A' && c <= 'Z')
                    c += 32;
                if (c != (unsigned char)self->says_lit[row][j])
                    break;
                j++;
            }
            if (j < m)
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
    if (t < 128 && c < 128) {
        if (t >= 'A' && t <= 'Z')
            t += 32;
        if (c >= 'A' && c <= 'Z')
            c += 32;
        return t == c;
    }
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

/* The p.date matches (found here) whose month word, if they have one, lowercases to a
 * key of p.months: `for m in p.date.finditer(line): month = m.group("m1") or
 * m.group("m2"); if month is None or month.lower() in p.months: found.append(m)` */
static int
scan_dates(Classifier *self, PyObject *line, const View *L, Span *spans, int *n)
{
    for (Py_ssize_t s = 0; s < L->len;) {
        /* a p.date match opens with an ASCII digit (the day), a Unicode one (\d) or a
         * letter ([^\W\d_], the month): no other ASCII character */
        Py_UCS4 c = vget(L, s);
        if (c < 128 && !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
            s++;
            continue;
        }
        Span month;
        Py_ssize_t e = date_at(L, s, &month);
        if (e < 0) {
            s++;
            continue;
        }
        unsigned f = W_MONTH;
        if (month.a >= 0 && lower_flags(self, L, line, month, &f) < 0)
            return -1;
        if (f & W_MONTH) {
            if (*n == MAXSPAN)
                return -2;
            spans[*n].a = s;
            spans[(*n)++].b = e;
        }
        s = e;
    }
    return 0;
}

/* The head tokens' spans once stripped of _TOKEN_PUNCT and their table flags (classify_impl
 * looks them up first): a later pass that strips a token to the same span reuses them. */
typedef struct {
    Span s[HEAD_TOKENS];
    unsigned f[HEAD_TOKENS];
    int n;
} HeadMemo;

/* The table flags of token k stripped to span s (low[s.a:s.b]) */
static inline unsigned
token_flags(const Classifier *self, const View *low, const HeadMemo *memo, int k, Span s)
{
    if (k < memo->n && memo->s[k].a == s.a && memo->s[k].b == s.b)
        return memo->f[k];
    return lookup(&self->words, low, s.a, s.b);
}

/* ---- _meta_line ---- */

/* Appends the spans of regex.finditer(line) to spans (a month/unit group, if given, must
 * lowercase to a word with flag). */
static int
collect(Classifier *self, PyObject *finditer, PyObject *line, const View *L, int group1,
        int group2, unsigned flag, Span *spans, int *n)
{
    PyObject *it = PyObject_CallOneArg(finditer, line);
    if (it == NULL)
        return -1;
    PyObject *iter = PyObject_GetIter(it);
    Py_DECREF(it);
    if (iter == NULL)
        return -1;
    PyObject *m;
    int rc = 0;
    while (rc == 0 && (m = PyIter_Next(iter)) != NULL) {
        /* m.regs: the spans of the match and of each group, (-1, -1) if it took no part */
        PyObject *regs = PyObject_GetAttr(m, S_REGS);
        Py_DECREF(m);
        if (regs == NULL || !PyTuple_Check(regs) || PyTuple_GET_SIZE(regs) <= group1 ||
            PyTuple_GET_SIZE(regs) <= group2) {
            if (regs != NULL && !PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "unexpected Match.regs");
            Py_XDECREF(regs);
            rc = -1;
            break;
        }
        int keep = 1;
        Span g;
        if (group1 > 0) {
            /* month = m.group("m1") or m.group("m2"); keep if None or month.lower() in set */
            rc = reg_span(regs, group1, &g);
            if (rc == 0 && g.a < 0 && group2 > 0)
                rc = reg_span(regs, group2, &g);
            if (rc == 0 && g.a >= 0) {
                unsigned f;
                rc = lower_flags(self, L, line, g, &f);
                keep = (f & flag) != 0;
            }
        }
        if (rc == 0 && keep) {
            if (*n == MAXSPAN)
                rc = -2;
            else
                rc = reg_span(regs, 0, &spans[(*n)++]);
        }
        Py_DECREF(regs);
    }
    Py_DECREF(iter);
    if (rc == 0 && PyErr_Occurred())
        rc = -1;
    return rc;
}

static int
span_cmp(const void *x, const void *y)
{
    const Span *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return 0;
}

#define CHECK(expr)                                                                       \
    do {                                                                                  \
        int rc_ = (expr);                                                                 \
        if (rc_ == -2)                                                                    \
            goto fallback;                                                                \
        if (rc_ < 0)                                                                      \
            goto error;                                                                   \
    } while (0)

/* An author cue with this name (stolen), or `otherwise` when the name is None. */
static PyObject *
author_or(Classifier *self, PyObject *name, PyObject *otherwise)
{
    if (name == NULL)
        return NULL;
    if (name == Py_None) {
        Py_DECREF(name);
        if (otherwise)
            Py_INCREF(otherwise);
        else
            Py_INCREF(Py_None);
        return otherwise ? otherwise : Py_None;
    }
    PyObject *cue = make_cue(self, S_AUTHOR, name, 0, NULL);
    Py_DECREF(name);
    return cue;
}

/* cues._meta_line(line, p, (low, tokens, lead)): a Cue, None, FALLBACK or NULL. */
static PyObject *
meta_line(Classifier *self, PyObject *line, const View *L, int ascii, const View *low,
          const Span *tokens, int ntok, const HeadMemo *memo, PyObject *lead)
{
    PyObject *by = NULL, *result = NULL;
    Span spans[MAXSPAN];
    int nspans = 0;
    /* if "http" in line or "www." in line: return None */
    if (contains_ascii(L, "http") || contains_ascii(L, "www."))
        Py_RETURN_NONE;

    /* _date_matches: words = set(map(str.strip, tokens, repeat(_DATE_STRIP))) */
    unsigned wflags = 0;
    for (int k = 0; k < ntok; k++) {
        Span s = tokens[k];
        strip_span(low, &CS_DATE, &s);
        wflags |= token_flags(self, low, memo, k, s);
    }
    if (!(wflags & W_MONTH)) {
        if (self->own_numeric_date)
            CHECK(scan(L, numeric_date_at, spans, &nspans));
        else if (numeric_date_possible(L))
            CHECK(collect(self, self->numeric_date_finditer, line, L, 0, 0, 0, spans,
                          &nspans));
    }
    else if (self->own_date)
        CHECK(scan_dates(self, line, L, spans, &nspans));
    else
        CHECK(collect(self, self->date_finditer, line, L, self->date_m1, self->date_m2, W_MONTH,
                      spans, &nspans));
    if ((wflags & W_TUNIT) && ((wflags & W_REL) || relative_phrase_in(self, low)))
        CHECK(collect(self, self->reldate_finditer, line, L, self->reldate_unit, 0, W_TUNIT,
                      spans, &nspans));
    int ndates = nspans;
    /* times = list(p.time.finditer(line)) */
    if (self->own_time)
        CHECK(scan(L, time_at, spans, &nspans));
    else if (time_possible(L))
        CHECK(collect(self, self->time_finditer, line, L, 0, 0, 0, spans, &nspans));
    /* by = p.comment_by.match(line) if lead in p.comment_by_first else None */
    int first_by = PySet_Contains(self->comment_by_first, lead);
    CHECK(first_by);
    if (first_by) {
        by = PyObject_CallOneArg(self->comment_by_match, line);
        if (by == NULL)
            goto error;
        if (by == Py_None)
            Py_CLEAR(by);
    }
    /* says = _says(line, p): matched here on an ASCII line without "\n" (the answer
     * of p.says.match, which _says gives or skips only when it is None), else by the
     * regex; kept as the spans of its groups name and rest */
    int says = 0;
    Span says_name = {0, 0}, says_rest = {0, 0};
    if (self->says_c && ascii && memchr(L->data, '\n', (size_t)L->len) == NULL)
        says = says_c_match(self, L, &says_name, &says_rest);
    else if (self->says_c ? says_maybe(self, L) : says_possible(self, L, ascii)) {
        PyObject *m = says_match(self, line, L);
        if (m == NULL)
            goto error;
        if (m != Py_None) {
            says = 1;
            int rc = match_span(m, S_NAME, &says_name);
            if (rc == 0)
                rc = match_span(m, S_REST, &says_rest);
            Py_DECREF(m);
            CHECK(rc);
        }
        else
            Py_DECREF(m);
    }

    if (nspans == 0) {
        if (says) {
            /* if says is not None and not says.group("rest").strip(): */
            Span rest = says_rest, nm = says_name;
            int blank = 1;
            for (Py_ssize_t i = rest.a; i < rest.b && blank; i++)
                blank = is_space(vget(L, i));
            if (blank) {
                Span tok[MAXSPAN];
                int nt;
                CHECK(nt = split_segments(L, &nm, 1, NULL, tok));
                result = author_or(self, trim_name(self, L, line, tok, nt), Py_None);
                goto done;
            }
        }
        if (by != NULL) {
            /* if by is not None and by.group("rest") is None: */
            Span rest, nm;
            CHECK(match_span(by, S_REST, &rest));
            if (rest.a < 0) {
                CHECK(match_span(by, S_NAME, &nm));
                Span tok[MAXSPAN];
                int nt;
                CHECK(nt = split_segments(L, &nm, 1, NULL, tok));
                result = author_or(self, trim_name(self, L, line, tok, nt), Py_None);
                goto done;
            }
        }
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    /* spans = sorted(m.span() for m in dates + times); head = line[:first]; tail_parts */
    qsort(spans, (size_t)nspans, sizeof(Span), span_cmp);
    Py_ssize_t first = spans[0].a, pos = first;
    Span tail[MAXSPAN + 1];
    int ntail = 0;
    for (int k = 0; k < nspans; k++) {
        if (spans[k].a > pos) {
            tail[ntail].a = pos;
            tail[ntail++].b = spans[k].a;
        }
        if (spans[k].b > pos)
            pos = spans[k].b;
    }
    tail[ntail].a = pos;
    tail[ntail++].b = L->len;
    Span head = {0, first};
    int says_head = 0;
    if (says) {
        /* if says is not None and says.end("name") <= first: head = says.group("name") */
        Span nm = says_name;
        if (nm.b <= first) {
            head = nm;
            says_head = 1;
        }
    }
    if (!says_head && by != NULL) {
        /* elif by is not None: head = p.comment_by_prefix.sub("", head, count=1); the
         * pattern is anchored at the start, so that drops its match on line[:first] */
        PyObject *m = PyObject_CallFunction(self->comment_by_prefix_match, "Onn", line,
                                            (Py_ssize_t)0, first);
        if (m == NULL)
            goto error;
        Span pm = {0, 0};
        int rc = m == Py_None ? 0 : match_span(m, NULL, &pm);
        Py_DECREF(m);
        CHECK(rc);
        head.a = pm.b;
    }
    Span head_words[MAXSPAN], tail_words[MAXSPAN];
    int head_alpha, tail_alpha, nhead, ntailw;
    CHECK(nhead = leftover(self, L, line, &head, 1, head_words, &head_alpha));
    CHECK(ntailw = leftover(self, L, line, tail, ntail, tail_words, &tail_alpha));
    /* by_tail = _tail_name(tail, p) if dates and not head_words else None */
    if (ndates && nhead == 0) {
        Span tt[MAXSPAN];
        int nt;
        CHECK(nt = split_segments(L, tail, ntail, NULL, tt));
        for (int k = 0; k + 1 < nt; k++) {
            unsigned f;
            CHECK(lower_flags(self, L, line, tt[k], &f));
            if (f & W_BY) {
                PyObject *name = trim_name(self, L, line, tt + k + 1, nt - k - 1);
                if (name == NULL)
                    goto error;
                if (name != Py_None) {
                    result = author_or(self, name, NULL);
                    goto done;
                }
                Py_DECREF(name);
                break;
            }
        }
    }
    if (ntailw > (ndates ? 2 : 0))
        goto none;
    if (!ndates && nhead && !says && by == NULL) {
        /* glued = len(head_words) == 1 and head[-1:] not in ("", " ", ":") */
        int glued = 0;
        if (nhead == 1 && head.b > head.a) {
            Py_UCS4 last = vget(L, head.b - 1);
            glued = last != ' ' && last != ':';
        }
        if (!glued || ntailw)
            goto none;
    }
    if (nhead > META_MAX_NAME_WORDS)
        goto none;
    if (nhead && !head_alpha)
        goto none;
    if (nhead) {
        Span tok[MAXSPAN];
        int nt;
        CHECK(nt = split_segments(L, &head, 1, NULL, tok));
        result = author_or(self, trim_name(self, L, line, tok, nt), self->c_date);
    }
    else
        result = plain(self->c_date);
    goto done;
none:
    result = Py_None;
    Py_INCREF(result);
    goto done;
fallback:
    result = FALLBACK;
    goto done;
error:
    result = NULL;
done:
    Py_XDECREF(by);
    return result;
}

/* ---- _classify ---- */

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

/* _DIGIT.search(line) is not None: a Unicode decimal (none in Latin-1 beyond 0-9) */
static int
has_decimal(const View *v)
{
    if (v->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = v->data;
        for (Py_ssize_t i = 0; i < v->len; i++)
            if (d[i] >= '0' && d[i] <= '9')
                return 1;
        return 0;
    }
    for (Py_ssize_t i = 0; i < v->len; i++)
        if (is_decimal(vget(v, i)))
            return 1;
    return 0;
}


/* The salutation / "@name" / text ending of _classify, given the thank-you results. */
static PyObject *classify_tail(Classifier *self, PyObject *line, const View *L, int anchored,
                               long fam, int is_thanks, PyObject *thanked);

static PyObject *
classify_impl(Classifier *self, PyObject *line, PyObject *lead, int known)
{
    View L, low;
    PyObject *low_obj = NULL, *thanked = NULL, *result = NULL;
    view_of(&L, line, 0);
    int ascii = PyUnicode_IS_ASCII(line);
    /* low = line.lower(): a folding view for a Latin-1 line (same length, same indices) */
    if (L.kind == PyUnicode_1BYTE_KIND) {
        low = L;
        low.fold = 1;
    }
    else {
        low_obj = PyObject_CallMethodNoArgs(line, S_LOWER);
        if (low_obj == NULL)
            return NULL;
        view_of(&low, low_obj, 0);
    }
    /* tokens = low.split(maxsplit=LONG_LINE_WORDS); words = len(tokens) */
    Span tokens[LONG_LINE_WORDS + 1];
    int words = split_tokens(&low, tokens);
    /* head_tokens = set(map(str.strip, tokens[:12], repeat(_TOKEN_PUNCT))) */
    unsigned head = 0;
    HeadMemo memo;
    memo.n = 0;
    for (int k = 0; k < words && k < HEAD_TOKENS; k++) {
        Span s = tokens[k];
        strip_span(&low, &CS_TOKEN, &s);
        memo.s[k] = s;
        head |= memo.f[k] = lookup(&self->words, &low, s.a, s.b);
        memo.n = k + 1;
    }
    /* thanks = p.thanks.search(line[:80]) if not p.thanks_first.isdisjoint(head_tokens)
     * p.thanks is (?:^|[ ,.!])(?:phrases)\b...: the search is p.thanks.match(cut, s) at
     * the first s where it matches, and it can only match where a phrase can start at s
     * (the ^ branch, s = 0) or at s + 1 after one of " ,.!" (literal_at), when p.thanks
     * opens as patterns.py writes it (self->thanks_c). */
    int is_thanks = 0;
    if (head & W_THANKS_FIRST) {
        Py_ssize_t limit = L.len < THANKS_CHARS ? L.len : THANKS_CHARS;
        PyObject *cut = NULL, *m = Py_None;
        Py_INCREF(m);
        Py_ssize_t s = 0;
        if (!self->thanks_c) { /* p.thanks is another pattern: its search, as written */
            cut = PyUnicode_Substring(line, 0, THANKS_CHARS);
            if (cut != NULL)
                Py_SETREF(m, PyObject_CallOneArg(self->thanks_search, cut));
            Span sp = {0, 0};
            if (m != NULL && m != Py_None && match_span(m, NULL, &sp) < 0)
                Py_CLEAR(m);
            s = sp.a;
            limit = 0; /* no loop */
        }
        for (; s < limit; s++) {
            Py_UCS4 c = vget(&L, s);
            int sep = c == ' ' || c == ',' || c == '.' || c == '!';
            if (!((s == 0 && literal_at(&self->thanks_start, &L, 0, limit)) ||
                  (sep && literal_at(&self->thanks_start, &L, s + 1, limit))))
                continue;
            if (cut == NULL && (cut = PyUnicode_Substring(line, 0, THANKS_CHARS)) == NULL)
                break;
            PyObject *pos = PyLong_FromSsize_t(s);
            if (pos == NULL)
                break;
            PyObject *margs[2] = {cut, pos};
            Py_SETREF(m, PyObject_Vectorcall(self->thanks_match, margs, 2, NULL));
            Py_DECREF(pos);
            if (m == NULL || m != Py_None)
                break;
        }
        Py_XDECREF(cut);
        if (m == NULL || (m == Py_None && PyErr_Occurred())) {
            Py_XDECREF(m);
            goto error;
        }
        if (m != Py_None) {
            /* thanked = clean_name(thanks.group("name")); dropped unless capitalised */
            thanked = clean_group(m, S_NAME);
            int cap = thanked == NULL ? -1 : capitalised(thanked);
            if (cap < 0) {
                Py_DECREF(m);
                goto error;
            }
            if (!cap)
                Py_CLEAR(thanked);
            is_thanks = s <= 40; /* thanks.start() <= 40: a match at s starts at s */
        }
        Py_DECREF(m);
    }
    /* anchored = lead[:1].isdigit() or line[:1] == "{" or known */
    int lead_digit = PyUnicode_GET_LENGTH(lead) > 0 && is_digit(PyUnicode_READ_CHAR(lead, 0));
    int anchored = lead_digit || (L.len > 0 && vget(&L, 0) == '{') || known;
    /* families = p.lead_families.get(lead, p.digit_families if lead digit else _NONE) */
    long fam = lead_digit ? self->digit_families : 0;
    View lead_view;
    view_of(&lead_view, lead, 0);
    unsigned lead_flags = lookup(&self->words, &lead_view, 0, lead_view.len);
    if (lead_flags & W_LEAD)
        fam = (long)(lead_flags >> FAMILY_SHIFT);
    /* digit = _DIGIT.search(line) is not None */
    int digit = has_decimal(&L);
    int r;
    /* the line LineAlt answers for */
    int ascii_plain = ascii && memchr(L.data, '\n', (size_t)L.len) == NULL;
    /* RETURN_IF_LINE_MATCH(guard, la, regex method, cue): RETURN_IF_MATCH, answered by
     * la_matches where it can */
#define RETURN_IF_LINE_MATCH(guard, la, header, method, cue)                              \
    do {                                                                                  \
        if (guard) {                                                                      \
            if (ascii_plain && (la)->ok)                                                  \
                r = la_matches(la, &L, header);                                           \
            else if ((r = matches(method, line)) < 0)                                     \
                goto error;                                                               \
            if (r) {                                                                      \
                result = plain(cue);                                                      \
                goto done;                                                                \
            }                                                                             \
        }                                                                                 \
    } while (0)
    /* RETURN_IF_MATCH(guard, regex method, cue): `if guard and regex(line): return cue` */
#define RETURN_IF_MATCH(guard, method, cue)                                               \
    do {                                                                                  \
        if (guard) {                                                                      \
            if ((r = matches(method, line)) < 0)                                          \
                goto error;                                                               \
            if (r) {                                                                      \
                result = plain(cue);                                                      \
                goto done;                                                                \
            }                                                                             \
        }                                                                                 \
    } while (0)
    if (words <= 12) {
        if (anchored) {
            RETURN_IF_LINE_MATCH(fam & F_FOOTER, &self->la_footer, 0, self->footer_match,
                                 self->c_footer);
            RETURN_IF_LINE_MATCH(((fam & F_HEADERS) || lead_digit) &&
                                     header_possible(&self->header_start, &L, ascii),
                                 &self->la_header, 1, self->header_match, self->c_header);
        }
        if (digit) {
            /* _counts_comments(tokens, p) and p.header_count.search(line) */
            unsigned counted = 0;
            for (int k = 0; k < words; k++) {
                Span s = tokens[k];
                strip_span(&low, &CS_COUNT, &s);
                counted |= token_flags(self, &low, &memo, k, s);
            }
            RETURN_IF_MATCH(counted & W_COUNT, self->header_count_search, self->c_header);
        }
        if (anchored) {
            RETURN_IF_LINE_MATCH((fam & F_BOILER) &&
                                     phrase_opening_at(&self->boiler_start, &L, ascii, 0),
                                 &self->la_boiler, 0, self->boiler_match, self->c_boiler);
            RETURN_IF_LINE_MATCH(fam & F_ACTIONS, &self->la_action, 0, self->action_match,
                                 self->c_action);
        }
        if (digit) {
            if (number_line(&L)) { /* _NUMBER_LINE.match(line) */
                result = plain(self->c_number);
                goto done;
            }
            RETURN_IF_MATCH(pagination_possible(&L), self->pagination_match, self->c_boiler);
        }
        if (anchored && (fam & F_SIGNOFFS)) {
            PyObject *m = PyObject_CallOneArg(self->signoff_match, line);
            if (m == NULL)
                goto error;
            if (m != Py_None) {
                /* name = clean_name(m.group("name")); Cue("signoff", name if capitalised) */
                PyObject *name = clean_group(m, S_NAME);
                Py_DECREF(m);
                if (name == NULL)
                    goto error;
                int cap = capitalised(name);
                result = make_cue(self, S_SIGNOFF, cap ? name : NULL, 0, NULL);
                Py_DECREF(name);
                goto done;
            }
            Py_DECREF(m);
        }
    }
    else if (words <= 25 && L.len > 0 && is_digit(vget(&L, 0)))
        RETURN_IF_MATCH(1, self->header_count_match, self->c_header);
    if (anchored)
        RETURN_IF_MATCH(fam & F_BSTARTS, self->boiler_start_match, self->c_boiler);
    if (words <= META_MAX_WORDS && (digit || (head & (W_SAYS | W_CB_FIRST)))) {
        PyObject *meta = meta_line(self, line, &L, ascii, &low, tokens, words, &memo, lead);
        if (meta == NULL)
            goto error;
        if (meta != Py_None) {
            result = meta; /* a Cue, or FALLBACK (borrowed marker, not counted) */
            goto done;
        }
        Py_DECREF(meta);
    }
    result = classify_tail(self, line, &L, anchored, fam, is_thanks, thanked);
    goto done;
error:
    result = NULL;
done:
    Py_XDECREF(low_obj);
    Py_XDECREF(thanked);
    return result;
}

static PyObject *
classify_tail(Classifier *self, PyObject *line, const View *L, int anchored, long fam,
              int is_thanks, PyObject *thanked)
{
    /* m = p.salutation.match(line) if anchored and "salutations" in families else None */
    if (anchored && (fam & F_SALUTATIONS)) {
        PyObject *m = PyObject_CallOneArg(self->salutation_match, line);
        if (m == NULL)
            return NULL;
        if (m != Py_None) {
            PyObject *name = clean_group(m, S_NAME);
            if (name == NULL) {
                Py_DECREF(m);
                return NULL;
            }
            /* if name is not None and not capitalised(name): name = None */
            if (name != Py_None && !capitalised(name))
                Py_SETREF(name, Py_NewRef(Py_None));
            /* if m.group("end") or name: */
            PyObject *end = PyObject_CallMethodOneArg(m, S_GROUP, S_END);
            Py_DECREF(m);
            int t = end == NULL ? -1 : PyObject_IsTrue(end);
            Py_XDECREF(end);
            if (t < 0) {
                Py_DECREF(name);
                return NULL;
            }
            if (t || name != Py_None) {
                PyObject *cue = make_cue(self, S_SALUTATION, name, is_thanks, thanked);
                Py_DECREF(name);
                return cue;
            }
            Py_DECREF(name);
        }
        else
            Py_DECREF(m);
    }
    /* if line.startswith("@") and len(line) > 1 and not line[1].isspace(): */
    if (L->len > 1 && vget(L, 0) == '@' && !is_space(vget(L, 1))) {
        /* Cue("salutation", name=clean_name(line[1:].split()[0]), thanks=is_thanks) */
        Py_ssize_t e = 1;
        while (e < L->len && !is_space(vget(L, e)))
            e++;
        PyObject *word = PyUnicode_Substring(line, 1, e);
        if (word == NULL)
            return NULL;
        PyObject *name = clean_name(word);
        Py_DECREF(word);
        if (name == NULL)
            return NULL;
        PyObject *cue = make_cue(self, S_SALUTATION, name, is_thanks, NULL);
        Py_DECREF(name);
        return cue;
    }
    if (!is_thanks && thanked == NULL)
        return plain(self->c_text);
    return make_cue(self, S_TEXT, NULL, is_thanks, thanked);
}

/* classify(line, p, lead, known) */
static PyObject *
Classifier_classify(Classifier *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "classify(line, p, lead, known)");
        return NULL;
    }
    PyObject *line = args[0], *lead = args[2];
    if (args[1] != self->p || !PyUnicode_CheckExact(line) || !PyUnicode_CheckExact(lead))
        return PyObject_Vectorcall(self->py_classify, args, 4, NULL);
    int known = PyObject_IsTrue(args[3]);
    if (known < 0)
        return NULL;
    PyObject *r = classify_impl(self, line, lead, known);
    if (r == FALLBACK)
        return PyObject_Vectorcall(self->py_classify, args, 4, NULL);
    return r;
}

/* ---- construction ---- */

static PyObject *
attr_method(PyObject *obj, const char *regex, const char *method)
{
    PyObject *rx = PyObject_GetAttrString(obj, regex);
    if (rx == NULL)
        return NULL;
    PyObject *m = PyObject_GetAttrString(rx, method);
    Py_DECREF(rx);
    return m;
}

static int
add_attr_set(Table *t, PyObject *obj, const char *name, unsigned flag)
{
    PyObject *set = PyObject_GetAttrString(obj, name);
    if (set == NULL)
        return -1;
    int r = table_add_set(t, set, flag);
    Py_DECREF(set);
    return r;
}

/* The module constant cues.<name> must equal the C one, or this module is stale. */
static int
check_constant(PyObject *cues, const char *name, PyObject *expected)
{
    if (expected == NULL)
        return -1;
    PyObject *v = PyObject_GetAttrString(cues, name);
    int eq = v == NULL ? -1 : PyObject_RichCompareBool(v, expected, Py_EQ);
    Py_XDECREF(v);
    Py_DECREF(expected);
    if (eq == 0)
        PyErr_Format(PyExc_ValueError, "cues.%s differs from what _cclassify mirrors", name);
    return eq == 1 ? 0 : -1;
}

static int
check_constants(PyObject *cues)
{
    PyObject *sep = PyObject_GetAttrString(cues, "_SEPARATORS");
    if (sep == NULL)
        return -1;
    PyObject *pat = PyObject_GetAttrString(sep, "pattern");
    Py_DECREF(sep);
    if (pat == NULL)
        return -1;
    PyObject *want = PyUnicode_FromString(
        "[|\xc2\xb7\xe2\x80\xa2/\\\\\xe2\x80\x94\xe2\x80\x93\\-,:;@()\\[\\]{}<>\xc2\xbb\xc2\xab]+");
    int eq = want == NULL ? -1 : PyObject_RichCompareBool(pat, want, Py_EQ);
    Py_DECREF(pat);
    Py_XDECREF(want);
    if (eq == 0)
        PyErr_SetString(PyExc_ValueError, "cues._SEPARATORS differs from what _cclassify mirrors");
    if (eq != 1)
        return -1;
    /* clean_name: its default max_words and the characters it strips (a constant of its
     * code) */
    PyObject *fn = PyObject_GetAttrString(cues, "clean_name");
    PyObject *code = fn == NULL ? NULL : PyObject_GetAttrString(fn, "__code__");
    PyObject *consts = code == NULL ? NULL : PyObject_GetAttrString(code, "co_consts");
    PyObject *defaults = fn == NULL ? NULL : PyObject_GetAttrString(fn, "__defaults__");
    PyObject *strip = PyUnicode_FromString(CLEAN_STRIP);
    PyObject *want_defaults = Py_BuildValue("(i)", NAME_MAX_WORDS);
    int ok = consts && defaults && strip && want_defaults ? PySequence_Contains(consts, strip) : -1;
    if (ok == 1)
        ok = PyObject_RichCompareBool(defaults, want_defaults, Py_EQ);
    Py_XDECREF(fn);
    Py_XDECREF(code);
    Py_XDECREF(consts);
    Py_XDECREF(defaults);
    Py_XDECREF(strip);
    Py_XDECREF(want_defaults);
    if (ok == 0)
        PyErr_SetString(PyExc_ValueError, "cues.clean_name differs from what _cclassify mirrors");
    if (ok != 1)
        return -1;
    if (check_constant(cues, "_TOKEN_PUNCT", PyUnicode_FromString(TOKEN_PUNCT)) < 0 ||
        check_constant(cues, "_DATE_STRIP", PyUnicode_FromString(DATE_STRIP)) < 0 ||
        check_constant(cues, "_COUNT_STRIP",
                       PyUnicode_FromFormat("%s%s", TOKEN_PUNCT, COUNT_STRIP_EXTRA)) < 0 ||
        check_constant(cues, "LONG_LINE_WORDS", PyLong_FromLong(LONG_LINE_WORDS)) < 0 ||
        check_constant(cues, "NAME_MAX_WORDS", PyLong_FromLong(NAME_MAX_WORDS)) < 0 ||
        check_constant(cues, "META_MAX_WORDS", PyLong_FromLong(META_MAX_WORDS)) < 0 ||
        check_constant(cues, "META_MAX_NAME_WORDS", PyLong_FromLong(META_MAX_NAME_WORDS)) < 0)
        return -1;
    return 0;
}

/* self->thanks_c: p.thanks opens with "(?:^|[ ,.!])(?:" + patterns._alternation of
 * p.words["thanks"] + ")", under IGNORECASE alone (no MULTILINE: "^" is the start only).
 * Returns -1 on an error. */
static int
thanks_c_init(Classifier *self, PyObject *p)
{
    self->thanks_c = 0;
    PyObject *words = PyObject_GetAttrString(p, "words");
    PyObject *phrases = words == NULL ? NULL : PyMapping_GetItemString(words, "thanks");
    Py_XDECREF(words);
    PyObject *mod = phrases == NULL ? NULL : PyImport_ImportModule("blogwash.patterns");
    PyObject *alt = mod == NULL ? NULL : PyObject_CallMethod(mod, "_alternation", "O", phrases);
    Py_XDECREF(mod);
    Py_XDECREF(phrases);
    PyObject *want = alt == NULL ? NULL : PyUnicode_FromFormat("(?:^|[ ,.!])(?:%U)", alt);
    Py_XDECREF(alt);
    PyObject *rx = want == NULL ? NULL : PyObject_GetAttrString(p, "thanks");
    PyObject *pat = rx == NULL ? NULL : PyObject_GetAttrString(rx, "pattern");
    PyObject *flags = pat == NULL ? NULL : PyObject_GetAttrString(rx, "flags");
    Py_XDECREF(rx);
    int rc = -1;
    if (flags != NULL) {
        long f = PyLong_AsLong(flags);
        Py_ssize_t opens = PyUnicode_Check(pat) ? PyUnicode_Tailmatch(pat, want, 0,
                                                                      PY_SSIZE_T_MAX, -1)
                                                : 0;
        if (opens >= 0 && !PyErr_Occurred()) {
            self->thanks_c = opens == 1 && f == (2 | 32);
            rc = 0;
        }
    }
    Py_XDECREF(want);
    Py_XDECREF(pat);
    Py_XDECREF(flags);
    return rc;
}

/* self->says_c: p.says is exactly the pattern patterns.py builds from p.words["says"]
 * (checked against patterns._alternation), with IGNORECASE, and its phrases fit the
 * table; fills the table.  0 leaves the regex to answer.  Returns -1 on an error. */
static int
says_c_init(Classifier *self, PyObject *p)
{
    self->says_c = 0;
    PyObject *words = PyObject_GetAttrString(p, "words");
    PyObject *phrases = words == NULL ? NULL : PyMapping_GetItemString(words, "says");
    Py_XDECREF(words);
    if (phrases == NULL)
        return -1;
    PyObject *mod = PyImport_ImportModule("blogwash.patterns");
    PyObject *alt = mod == NULL ? NULL : PyObject_CallMethod(mod, "_alternation", "O", phrases);
    Py_XDECREF(mod);
    PyObject *want = alt == NULL ? NULL
                                 : PyUnicode_FromFormat("^(?P<name>[^:]{1,80}?) (?:%U)"
                                                        "(?: ?:|:|\\.\\.\\.|%c|$)"
                                                        "(?P<rest>.*)$",
                                                        alt, 0x2026); /* %c: "…" */
    Py_XDECREF(alt);
    PyObject *rx = want == NULL ? NULL : PyObject_GetAttrString(p, "says");
    PyObject *pat = rx == NULL ? NULL : PyObject_GetAttrString(rx, "pattern");
    PyObject *flags = pat == NULL ? NULL : PyObject_GetAttrString(rx, "flags");
    Py_XDECREF(rx);
    int ok = -1;
    if (flags != NULL) {
        long f = PyLong_AsLong(flags);
        int same = PyUnicode_Check(pat) ? PyUnicode_Compare(pat, want) : 1;
        if (!PyErr_Occurred())
            ok = same == 0 && f == (2 | 32);
    }
    Py_XDECREF(want);
    Py_XDECREF(pat);
    Py_XDECREF(flags);
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
                self->says_lit[n][i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
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
    PyObject *words = PyObject_GetAttrString(p, "words");
    if (words == NULL)
        return -1;
    PyObject *phrases = PyMapping_GetItemString(words, "says");
    Py_DECREF(words);
    if (phrases == NULL)
        return -1;
    PyObject *it = PyObject_GetIter(phrases);
    Py_DECREF(phrases);
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
    PyObject *says = PyObject_GetAttrString(p, "says_words");
    if (says == NULL)
        return -1;
    it = PyObject_GetIter(says);
    Py_DECREF(says);
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

/* p.<name> is re.compile(pattern, flags) with these exact flags (re.UNICODE, plus
 * re.IGNORECASE if ignorecase): 1, 0 or -1 */
static int
same_pattern(PyObject *p, const char *name, const char *pattern, int ignorecase)
{
    PyObject *rx = PyObject_GetAttrString(p, name);
    if (rx == NULL)
        return -1;
    PyObject *pat = PyObject_GetAttrString(rx, "pattern");
    PyObject *flags = PyObject_GetAttrString(rx, "flags");
    Py_DECREF(rx);
    int same = -1;
    if (pat != NULL && flags != NULL) {
        long f = PyLong_AsLong(flags);
        same = PyUnicode_Check(pat) && PyUnicode_CompareWithASCIIString(pat, pattern) == 0 &&
               f == (ignorecase ? 2 | 32 : 32);
        if (f == -1 && PyErr_Occurred())
            same = -1;
    }
    Py_XDECREF(pat);
    Py_XDECREF(flags);
    return same;
}

/* self->cue_slots: set when Cue is the frozen dataclass make_cue may build without its
 * __init__: a type whose __slots__ are its four fields, no __post_init__, and a Cue built
 * so equals one built by calling it. */
static int
init_cue_slots(Classifier *self)
{
    static const char *FIELDS[] = {"kind", "name", "thanks", "thanked"};
    PyObject *type = self->Cue;
    if (!PyType_Check(type) || ((PyTypeObject *)type)->tp_new != PyBaseObject_Type.tp_new ||
        PyObject_HasAttrString(type, "__post_init__"))
        return 0;
    PyObject *slots = PyObject_GetAttrString(type, "__slots__");
    PyObject *want = Py_BuildValue("(ssss)", FIELDS[0], FIELDS[1], FIELDS[2], FIELDS[3]);
    int same = slots && want ? PyObject_RichCompareBool(slots, want, Py_EQ) : -1;
    Py_XDECREF(slots);
    Py_XDECREF(want);
    if (same < 0)
        PyErr_Clear(); /* no __slots__: the slow way */
    if (same != 1)
        return 0;
    PyObject *dict = ((PyTypeObject *)type)->tp_dict;
    for (int k = 0; k < 4; k++) {
        PyObject *d = PyDict_GetItemString(dict, FIELDS[k]);
        if (d == NULL || Py_TYPE(d)->tp_descr_set == NULL)
            return 0;
    }
    for (int k = 0; k < 4; k++) {
        self->cue_slots[k] = PyDict_GetItemString(dict, FIELDS[k]);
        Py_INCREF(self->cue_slots[k]);
    }
    /* the check: Cue("author", "Ann", True, "Bo") both ways */
    PyObject *kind = PyUnicode_FromString("author"), *name = PyUnicode_FromString("Ann");
    PyObject *thanked = PyUnicode_FromString("Bo");
    PyObject *fast = NULL, *slow = NULL;
    if (kind && name && thanked) {
        fast = make_cue(self, kind, name, 1, thanked);
        slow = PyObject_CallFunctionObjArgs(type, kind, name, Py_True, thanked, NULL);
    }
    int eq = fast && slow ? PyObject_RichCompareBool(fast, slow, Py_EQ) : -1;
    Py_XDECREF(kind);
    Py_XDECREF(name);
    Py_XDECREF(thanked);
    Py_XDECREF(fast);
    Py_XDECREF(slow);
    if (eq != 1)
        for (int k = 0; k < 4; k++)
            Py_CLEAR(self->cue_slots[k]);
    return eq < 0 ? -1 : 0;
}

/* p.<regex>.groupindex[group], or -1 */
static int
group_number(PyObject *p, const char *regex, const char *group)
{
    PyObject *rx = PyObject_GetAttrString(p, regex);
    PyObject *index = rx == NULL ? NULL : PyObject_GetAttrString(rx, "groupindex");
    Py_XDECREF(rx);
    PyObject *k = index == NULL ? NULL : PyMapping_GetItemString(index, group);
    Py_XDECREF(index);
    long n = k == NULL ? -1 : PyLong_AsLong(k);
    Py_XDECREF(k);
    if (n <= 0 || n > 100) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError, "p.%s: group %s", regex, group);
        return -1;
    }
    return (int)n;
}

/* The mask of FAMILY_NAMES in a value of p.lead_families */
static long
family_mask(PyObject *families)
{
    long mask = 0;
    for (int k = 0; FAMILY_NAMES[k] != NULL; k++) {
        PyObject *name = PyUnicode_FromString(FAMILY_NAMES[k]);
        if (name == NULL)
            return -1;
        int in = PySequence_Contains(families, name);
        Py_DECREF(name);
        if (in < 0)
            return -1;
        if (in)
            mask |= 1L << k;
    }
    return mask;
}

static int
build_family_masks(Classifier *self, PyObject *p)
{
    PyObject *lf = PyObject_GetAttrString(p, "lead_families");
    if (lf == NULL)
        return -1;
    PyObject *df = PyObject_GetAttrString(p, "digit_families");
    if (df == NULL) {
        Py_DECREF(lf);
        return -1;
    }
    self->digit_families = family_mask(df);
    Py_DECREF(df);
    if (self->digit_families < 0 || !PyDict_Check(lf)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "p.lead_families must be a dict");
        Py_DECREF(lf);
        return -1;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(lf, &pos, &key, &value)) {
        /* each key into the word table, its mask in the flags (one probe per line) */
        long mask = family_mask(value);
        unsigned flags = W_LEAD | ((unsigned)mask << FAMILY_SHIFT);
        if (mask < 0 || table_add(&self->words, key, flags) < 0) {
            Py_DECREF(lf);
            return -1;
        }
    }
    Py_DECREF(lf);
    return 0;
}

static void Classifier_dealloc(Classifier *self);

static PyObject *
Classifier_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *p, *cues;
    static char *kwlist[] = {"p", "cues_module", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:Classifier", kwlist, &p, &cues))
        return NULL;
    if (check_constants(cues) < 0)
        return NULL;
    Classifier *self = (Classifier *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(p);
    self->p = p;
    self->words.slots = PyMem_Calloc(64, sizeof(Slot));
    if (self->words.slots == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    self->words.mask = 63;
    Table *t = &self->words;
    PyObject *pw = PyObject_GetAttrString(p, "words");
    PyObject *by = pw == NULL ? NULL : PyMapping_GetItemString(pw, "by_words");
    int r = by == NULL ? -1 : table_add_set(t, by, W_BY);
    if (r == 0) {
        PyObject *h = PyMapping_GetItemString(pw, "comment_headers");
        PyObject *b = PyMapping_GetItemString(pw, "boilerplate");
        PyObject *th = PyMapping_GetItemString(pw, "thanks");
        r = h == NULL || b == NULL || th == NULL || phrase_start_init(&self->header_start, h) < 0 ||
                    phrase_start_init(&self->boiler_start, b) < 0 ||
                    literal_start_init(&self->thanks_start, th) < 0
                ? -1
                : 0;
        Py_XDECREF(h);
        Py_XDECREF(b);
        Py_XDECREF(th);
    }
    Py_XDECREF(pw);
    Py_XDECREF(by);
    if (r < 0 || add_attr_set(t, p, "thanks_first", W_THANKS_FIRST) < 0 ||
        add_attr_set(t, p, "says_words", W_SAYS) < 0 ||
        add_attr_set(t, p, "comment_by_first", W_CB_FIRST) < 0 ||
        add_attr_set(t, p, "count_words", W_COUNT) < 0 ||
        add_attr_set(t, p, "months", W_MONTH) < 0 ||
        add_attr_set(t, p, "time_unit_set", W_TUNIT) < 0 ||
        add_attr_set(t, p, "relative_set", W_REL) < 0 ||
        add_attr_set(t, p, "filler_words", W_FILLER) < 0 ||
        add_attr_set(t, p, "date_word_set", W_DATEWORD) < 0 ||
        add_attr_set(t, p, "name_tail_words", W_NAMETAIL) < 0)
        goto error;
    if (build_family_masks(self, p) < 0)
        goto error;
    self->relative_phrases = PyObject_GetAttrString(p, "relative_phrases");
    if (self->relative_phrases == NULL)
        goto error;
    if (!PyTuple_Check(self->relative_phrases)) {
        PyErr_SetString(PyExc_TypeError, "p.relative_phrases must be a tuple");
        goto error;
    }
    self->comment_by_first = PyObject_GetAttrString(p, "comment_by_first");
    if (self->comment_by_first == NULL)
        goto error;
    if ((self->says_prefilter = says_prefilter_ok(p)) < 0)
        goto error;
    if (says_c_init(self, p) < 0)
        goto error;
    if (thanks_c_init(self, p) < 0)
        goto error;
    /* the patterns.py patterns, character for character ("%c": ↓ → » ›, …, “ „ «) */
    if (la_init(&self->la_action, p, "action", "actions", ending_action,
                "^(?:%U)[ %c%c%c%c]*$", 0x2193, 0x2192, 0xbb, 0x203a) < 0 ||
        la_init(&self->la_boiler, p, "boilerplate", "boilerplate", ending_boiler,
                "^(?:%U)[ .:!%c]*$", 0x2026, 0, 0, 0) < 0 ||
        la_init(&self->la_footer, p, "footer_start", "footer_starts", ending_footer,
                "^(?:%U)\\b.{0,60}$", 0, 0, 0, 0) < 0 ||
        la_init(&self->la_header, p, "header", "comment_headers", ending_header,
                "^(?:\\d+ )?(?:%U)(?: ?[(\\[]?\\d+[)\\]]?)?[ :.!]*(?:[\\\"%c%c%c].*)?$",
                0x201c, 0x201e, 0xab, 0) < 0)
        goto error;
    if ((self->date_m1 = group_number(p, "date", "m1")) < 0 ||
        (self->date_m2 = group_number(p, "date", "m2")) < 0 ||
        (self->reldate_unit = group_number(p, "reldate", "unit")) < 0)
        goto error;
    if ((self->own_time = same_pattern(p, "time", TIME_PATTERN, 1)) < 0 ||
        (self->own_numeric_date = same_pattern(p, "numeric_date", NUMERIC_DATE_PATTERN, 0)) < 0 ||
        (self->own_date = same_pattern(p, "date", DATE_PATTERN, 1)) < 0)
        goto error;
#define METHOD(field, regex, method)                                                      \
    if ((self->field = attr_method(p, regex, method)) == NULL)                            \
        goto error;
    METHOD(footer_match, "footer_start", "match");
    METHOD(header_match, "header", "match");
    METHOD(header_count_search, "header_count", "search");
    METHOD(header_count_match, "header_count", "match");
    METHOD(boiler_match, "boilerplate", "match");
    METHOD(action_match, "action", "match");
    METHOD(pagination_match, "pagination", "match");
    METHOD(signoff_match, "signoff", "match");
    METHOD(boiler_start_match, "boiler_start", "match");
    METHOD(salutation_match, "salutation", "match");
    METHOD(thanks_match, "thanks", "match");
    METHOD(thanks_search, "thanks", "search");
    METHOD(date_finditer, "date", "finditer");
    METHOD(numeric_date_finditer, "numeric_date", "finditer");
    METHOD(time_finditer, "time", "finditer");
    METHOD(reldate_finditer, "reldate", "finditer");
    METHOD(comment_by_match, "comment_by", "match");
    METHOD(comment_by_prefix_match, "comment_by_prefix", "match");
    METHOD(says_re_match, "says", "match");
    METHOD(says_last_fullmatch, "says_last", "fullmatch");
#undef METHOD
#define ATTR(field, obj, name)                                                            \
    if ((self->field = PyObject_GetAttrString(obj, name)) == NULL)                        \
        goto error;
    ATTR(Cue, cues, "Cue");
    if (init_cue_slots(self) < 0)
        goto error;
    ATTR(py_classify, cues, "_classify");
#undef ATTR
    PyObject *plain_cues = PyObject_GetAttrString(cues, "_PLAIN");
    if (plain_cues == NULL)
        goto error;
#define PLAIN(field, kind)                                                                \
    if ((self->field = PyMapping_GetItemString(plain_cues, kind)) == NULL) {              \
        Py_DECREF(plain_cues);                                                            \
        goto error;                                                                       \
    }
    PLAIN(c_text, "text");
    PLAIN(c_header, "header");
    PLAIN(c_footer, "footer");
    PLAIN(c_boiler, "boiler");
    PLAIN(c_action, "action");
    PLAIN(c_number, "number");
    PLAIN(c_date, "date");
#undef PLAIN
    Py_DECREF(plain_cues);
    return (PyObject *)self;
error:
    Py_DECREF(self);
    return NULL;
}

static void
Classifier_dealloc(Classifier *self)
{
    table_free(&self->words);
    la_free(&self->la_action);
    la_free(&self->la_boiler);
    la_free(&self->la_footer);
    la_free(&self->la_header);
    Py_XDECREF(self->p);
    Py_XDECREF(self->relative_phrases);
    Py_XDECREF(self->comment_by_first);
    PyObject **fields[] = {
        &self->footer_match, &self->header_match, &self->header_count_search,
        &self->header_count_match, &self->boiler_match, &self->action_match,
        &self->pagination_match, &self->signoff_match, &self->boiler_start_match,
        &self->salutation_match, &self->thanks_match, &self->thanks_search, &self->date_finditer,
        &self->numeric_date_finditer, &self->time_finditer, &self->reldate_finditer,
        &self->comment_by_match, &self->comment_by_prefix_match, &self->says_re_match,
        &self->says_last_fullmatch, &self->Cue,
        &self->py_classify,
        &self->c_text, &self->c_header, &self->c_footer, &self->c_boiler, &self->c_action,
        &self->c_number, &self->c_date, &self->cue_slots[0], &self->cue_slots[1],
        &self->cue_slots[2], &self->cue_slots[3]};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        Py_CLEAR(*fields[i]);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* scan(name, line): the spans of the C p.time / p.numeric_date / p.date matcher (for the
 * tests; for p.date, each with the span of its month group, (-1, -1) if none) */
static PyObject *
Classifier_scan(Classifier *self, PyObject *args)
{
    (void)self;
    const char *name;
    PyObject *line;
    if (!PyArg_ParseTuple(args, "sU:scan", &name, &line))
        return NULL;
    Py_ssize_t (*match_at)(const View *, Py_ssize_t) =
        strcmp(name, "time") == 0           ? time_at
        : strcmp(name, "numeric_date") == 0 ? numeric_date_at
        : strcmp(name, "date") == 0         ? date_at_no_group
                                            : NULL;
    if (match_at == NULL) {
        PyErr_SetString(PyExc_ValueError, "scan: 'time', 'numeric_date' or 'date'");
        return NULL;
    }
    View L;
    view_of(&L, line, 0);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t s = 0; out != NULL && s < L.len;) {
        Py_ssize_t e = match_at(&L, s);
        if (e < 0) {
            s++;
            continue;
        }
        Span month;
        int date = match_at == date_at_no_group;
        if (date)
            date_at(&L, s, &month);
        PyObject *span = date ? Py_BuildValue("(nnnn)", s, e, month.a, month.b)
                              : Py_BuildValue("(nn)", s, e);
        if (span == NULL || PyList_Append(out, span) < 0)
            Py_CLEAR(out);
        Py_XDECREF(span);
        s = e;
    }
    return out;
}

/* match(name, line): what this module answers for p.<name>.match(line) -- "action",
 * "boilerplate", "footer_start", "header": True or False; "says": the spans of the groups
 * name and rest, or None -- or NotImplemented where the regex answers (for the tests) */
static PyObject *
Classifier_match(Classifier *self, PyObject *args)
{
    const char *name;
    PyObject *line;
    if (!PyArg_ParseTuple(args, "sU:match", &name, &line))
        return NULL;
    View L;
    view_of(&L, line, 0);
    int plain_ascii = PyUnicode_IS_ASCII(line) && memchr(L.data, '\n', (size_t)L.len) == NULL;
    if (strcmp(name, "says") == 0) {
        if (!(self->says_c && plain_ascii))
            Py_RETURN_NOTIMPLEMENTED;
        Span nm, rest;
        if (!says_c_match(self, &L, &nm, &rest))
            Py_RETURN_NONE;
        return Py_BuildValue("((nn)(nn))", nm.a, nm.b, rest.a, rest.b);
    }
    const LineAlt *la = strcmp(name, "action") == 0         ? &self->la_action
                        : strcmp(name, "boilerplate") == 0  ? &self->la_boiler
                        : strcmp(name, "footer_start") == 0 ? &self->la_footer
                        : strcmp(name, "header") == 0       ? &self->la_header
                                                            : NULL;
    if (la == NULL) {
        PyErr_SetString(PyExc_ValueError, "match: 'action', 'boilerplate', 'footer_start', "
                                          "'header' or 'says'");
        return NULL;
    }
    if (!(la->ok && plain_ascii))
        Py_RETURN_NOTIMPLEMENTED;
    return PyBool_FromLong(la_matches(la, &L, la == &self->la_header));
}

static PyMethodDef Classifier_methods[] = {
    {"scan", (PyCFunction)Classifier_scan, METH_VARARGS,
     "scan(name, line) -> spans of the C matcher of p.time, p.numeric_date or p.date."},
    {"match", (PyCFunction)Classifier_match, METH_VARARGS,
     "match(name, line) -> this module's answer for p.<name>.match(line) (for the tests)."},
    {"classify", (PyCFunction)(void (*)(void))Classifier_classify, METH_FASTCALL,
     "classify(line, p, lead, known) -> Cue: what cues._classify returns."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ClassifierType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "blogwash._cclassify.Classifier",
    .tp_basicsize = sizeof(Classifier),
    .tp_dealloc = (destructor)Classifier_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Classifier(p, cues_module): cues._classify for one Patterns, in C.",
    .tp_methods = Classifier_methods,
    .tp_new = Classifier_new,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cclassify",
    "The split stage's candidate-line classifier (cues._classify) in C.", -1, NULL,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__cclassify(void)
{
    if (charset_init(&CS_CLEAN, CLEAN_STRIP, NULL) < 0 ||
        charset_init(&CS_TOKEN, TOKEN_PUNCT, NULL) < 0 ||
        charset_init(&CS_DATE, DATE_STRIP, NULL) < 0 ||
        charset_init(&CS_COUNT, TOKEN_PUNCT, COUNT_STRIP_EXTRA) < 0 ||
        charset_init(&CS_LEFT, LEFTOVER_STRIP, NULL) < 0 ||
        charset_init(&CS_TRIM, TRIM_STRIP, NULL) < 0 ||
        charset_init(&CS_NAME, NAME_STRIP, NULL) < 0 ||
        charset_init(&CS_SEP, SEPARATORS, NULL) < 0)
        return NULL;
#define INTERN(var, text)                                                                 \
    if ((var = PyUnicode_InternFromString(text)) == NULL)                                 \
        return NULL;
    INTERN(S_SPAN, "span");
    INTERN(S_GROUP, "group");
    INTERN(S_LOWER, "lower");
    INTERN(S_NAME, "name");
    INTERN(S_REST, "rest");
    INTERN(S_REGS, "regs");
    INTERN(S_END, "end");
    INTERN(S_SPACE, " ");
    INTERN(S_SIGNOFF, "signoff");
    INTERN(S_SALUTATION, "salutation");
    INTERN(S_AUTHOR, "author");
    INTERN(S_TEXT, "text");
#undef INTERN
    if ((FALLBACK = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)) == NULL)
        return NULL;
    if (PyType_Ready(&ClassifierType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ClassifierType);
    if (PyModule_AddObject(m, "Classifier", (PyObject *)&ClassifierType) < 0) {
        Py_DECREF(&ClassifierType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
