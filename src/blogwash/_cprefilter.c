/* _cprefilter: the split stage's line prefilter (``cues.classify_lines``) in C.
 *
 * ``Prefilter(p, classify, text_cue, lead_words).classify_lines(lines)`` returns exactly
 * what ``cues._classify_lines_py(lines, p)`` returns (the Python code is the reference;
 * ``tests/test_compiled_prefilter.py`` compares both). Most lines are plain text told
 * apart by a space count, a digit, the first character and set lookups of the lowercased
 * leading tokens: here that takes no Python object at all. The other lines ("candidates")
 * go to ``classify(line, p, lead, known)`` through the same per-page cache as in Python.
 * ``Prefilter.lines(text)`` is split.split's line list,
 * ``[line for line in text.split("\n") if line and not line.isspace()]``.
 *
 * Strings are read with PyUnicode_READ whatever their kind (1, 2 or 4 bytes a code point);
 * the words are kept as arrays of code points (Py_UCS4). ``str.lower`` is mirrored code
 * point by code point with the full case mapping CPython uses (_PyUnicode_ToLowerFull);
 * only a capital sigma, whose lowercase depends on its neighbours, makes us build the
 * Python string and call its ``lower`` method, so the result is CPython's by construction.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_cchars.h"
#include "_cwords.h"
#include "_cstr.h"

/* ------------------------------------------------------------------------------------ */
/* The Prefilter type.                                                                   */

typedef struct {
    PyObject_HEAD
    PyObject *p;           /* the Patterns */
    PyObject *classify;    /* classify(line, p, lead, known) -> Cue */
    PyObject *text_cue;    /* cues._TEXT */
    PyObject *lead_words;  /* patterns.lead_words(line, count) */
    PyObject *first_words; /* p.first_words (for the rare fallback's lookups) */
    PyObject *name_attr;   /* "name", "thanked": the Cue attributes the cache rule reads */
    PyObject *thanked_attr;
    WordSet first_set;     /* p.first_words */
    WordSet hint_set;      /* p.hint_tokens */
    WordSet thanks_set;    /* p.thanks_tokens */
    WordSet lead_set;      /* p.first_word_leads */
    StripSet strip_chars;  /* patterns.FIRST_WORD_STRIP */
    Py_ssize_t meta_max_words; /* cues.META_MAX_WORDS */
    Py_ssize_t hint_chars;     /* cues.HINT_CHARS */
} Prefilter;

/* Scratch buffers of one classify_lines call (local to it, so a classify callback may
 * call classify_lines again). */
typedef struct {
    Buf tok;  /* a lowered head token beyond the first two */
    Buf h0;   /* head[0], head[1]: the first two lowered head tokens */
    Buf h1;
    Buf one;  /* the first and second word of ``_lead_words`` */
    Buf two;
    Buf key;  /* "one two" */
} Scratch;

static void
scratch_free(Scratch *sc)
{
    buf_free(&sc->tok);
    buf_free(&sc->h0);
    buf_free(&sc->h1);
    buf_free(&sc->one);
    buf_free(&sc->two);
    buf_free(&sc->key);
}

static int
read_ssize(PyObject *module, const char *name, Py_ssize_t *out)
{
    PyObject *v = PyObject_GetAttrString(module, name);
    if (v == NULL) {
        return -1;
    }
    *out = PyLong_AsSsize_t(v);
    Py_DECREF(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

/* The constants the Python code uses, read from their modules (one source of truth). */
static int
read_constants(Prefilter *self)
{
    PyObject *cues = PyImport_ImportModule("blogwash.cues");
    if (cues == NULL) {
        return -1;
    }
    int rc = read_ssize(cues, "META_MAX_WORDS", &self->meta_max_words);
    if (rc == 0) {
        rc = read_ssize(cues, "HINT_CHARS", &self->hint_chars);
    }
    Py_DECREF(cues);
    if (rc < 0) {
        return -1;
    }
    if (self->hint_chars < 0) {
        PyErr_SetString(PyExc_ValueError, "cues.HINT_CHARS must not be negative");
        return -1;
    }
    PyObject *patterns = PyImport_ImportModule("blogwash.patterns");
    if (patterns == NULL) {
        return -1;
    }
    PyObject *strip = PyObject_GetAttrString(patterns, "FIRST_WORD_STRIP");
    Py_DECREF(patterns);
    if (strip == NULL) {
        return -1;
    }
    if (!PyUnicode_Check(strip)) {
        PyErr_SetString(PyExc_TypeError, "FIRST_WORD_STRIP must be a str");
        Py_DECREF(strip);
        return -1;
    }
    rc = strip_set_build(&self->strip_chars, strip);
    Py_DECREF(strip);
    return rc;
}

static int
build_set(WordSet *set, PyObject *p, const char *name)
{
    PyObject *words = PyObject_GetAttrString(p, name);
    if (words == NULL) {
        return -1;
    }
    int rc = wordset_build(set, words);
    Py_DECREF(words);
    return rc;
}

static int
Prefilter_init(Prefilter *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"p", "classify", "text_cue", "lead_words", NULL};
    PyObject *p, *classify, *text_cue, *lead_words;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOO:Prefilter", kwlist, &p, &classify,
                                     &text_cue, &lead_words)) {
        return -1;
    }
    if (self->p != NULL) {
        PyErr_SetString(PyExc_TypeError, "Prefilter is already initialised");
        return -1;
    }
    if (!PyCallable_Check(classify) || !PyCallable_Check(lead_words)) {
        PyErr_SetString(PyExc_TypeError, "Prefilter: classify and lead_words must be callable");
        return -1;
    }
    Py_XSETREF(self->first_words, PyObject_GetAttrString(p, "first_words"));
    Py_XSETREF(self->name_attr, PyUnicode_InternFromString("name"));
    Py_XSETREF(self->thanked_attr, PyUnicode_InternFromString("thanked"));
    if (self->first_words == NULL || self->name_attr == NULL || self->thanked_attr == NULL) {
        return -1;
    }
    if (read_constants(self) < 0 || build_set(&self->first_set, p, "first_words") < 0
        || build_set(&self->hint_set, p, "hint_tokens") < 0
        || build_set(&self->thanks_set, p, "thanks_tokens") < 0
        || build_set(&self->lead_set, p, "first_word_leads") < 0) {
        return -1;
    }
    Py_INCREF(p);
    self->p = p;
    Py_INCREF(classify);
    self->classify = classify;
    Py_INCREF(text_cue);
    self->text_cue = text_cue;
    Py_INCREF(lead_words);
    self->lead_words = lead_words;
    return 0;
}

static int
Prefilter_traverse(Prefilter *self, visitproc visit, void *arg)
{
    Py_VISIT(self->p);
    Py_VISIT(self->classify);
    Py_VISIT(self->text_cue);
    Py_VISIT(self->lead_words);
    Py_VISIT(self->first_words);
    Py_VISIT(self->name_attr);
    Py_VISIT(self->thanked_attr);
    return 0;
}

static int
Prefilter_clear(Prefilter *self)
{
    Py_CLEAR(self->p);
    Py_CLEAR(self->classify);
    Py_CLEAR(self->text_cue);
    Py_CLEAR(self->lead_words);
    Py_CLEAR(self->first_words);
    Py_CLEAR(self->name_attr);
    Py_CLEAR(self->thanked_attr);
    return 0;
}

static void
Prefilter_dealloc(Prefilter *self)
{
    PyObject_GC_UnTrack(self);
    Prefilter_clear(self);
    wordset_free(&self->first_set);
    wordset_free(&self->hint_set);
    wordset_free(&self->thanks_set);
    wordset_free(&self->lead_set);
    buf_free(&self->strip_chars.chars);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* ------------------------------------------------------------------------------------ */
/* One line.                                                                             */

/* What the prefilter found out about a line. */
typedef struct {
    int short_digits; /* short and holding a \d */
    int hinted;
    PyObject *lead;   /* the line's first word when the rare fallback made it (a new
                       * reference), else NULL: it is then in the Scratch's ``one`` */
    int known;
} LineInfo;

/* The word of ``_lead_words``: out = data[a:b).strip(FIRST_WORD_STRIP).lower(). */
static inline Py_ALWAYS_INLINE int
stripped_lower_of_kind(Prefilter *self, Buf *out, const int kind, const void *data,
                       Py_ssize_t a, Py_ssize_t b)
{
    strip_span(&self->strip_chars, kind, data, &a, &b);
    return lower_span(out, kind, data, a, b);
}

/* (its loops compiled for each kind, not testing the kind at every code point) */
static int
stripped_lower(Prefilter *self, Buf *out, int kind, const void *data, Py_ssize_t a,
               Py_ssize_t b)
{
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        return stripped_lower_of_kind(self, out, PyUnicode_1BYTE_KIND, data, a, b);
    case PyUnicode_2BYTE_KIND:
        return stripped_lower_of_kind(self, out, PyUnicode_2BYTE_KIND, data, a, b);
    default:
        return stripped_lower_of_kind(self, out, PyUnicode_4BYTE_KIND, data, a, b);
    }
}

/* ``lead, two = _lead_words(line, head)`` and ``known = two in first_words or lead in
 * first_words``. ``use_head`` 0 stands for ``head is None``; else head's first two tokens,
 * lowered, are in sc->h0 and sc->h1 and ``nhead`` is len(head) (counted up to 3). The lead
 * word is left in sc->one, or, when the rare fallback made it, in *fallback (a new str;
 * NULL otherwise). Returns -1 on error. */
static int
lead_words(Prefilter *self, Scratch *sc, PyObject *line, int use_head, Py_ssize_t nhead,
           PyObject **fallback, int *known)
{
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    *fallback = NULL;
    sc->one.n = sc->two.n = 0;
    /* parts = head if head is not None else line.split(None, 2)
     * one = parts[0].strip(FIRST_WORD_STRIP).lower() if parts else ""
     * two = parts[1].strip(FIRST_WORD_STRIP).lower() if one else ""
     * (evaluated only when len(parts) > 1: with one part and a word, one is returned) */
    Py_ssize_t nparts;
    if (use_head) {
        nparts = nhead;
        if (nparts > 0 && stripped_lower(self, &sc->one, PyUnicode_4BYTE_KIND, sc->h0.s, 0,
                                         sc->h0.n) < 0) {
            return -1;
        }
        if (nparts > 1 && sc->one.n > 0
            && stripped_lower(self, &sc->two, PyUnicode_4BYTE_KIND, sc->h1.s, 0, sc->h1.n)
                   < 0) {
            return -1;
        }
    }
    else {
        Py_ssize_t starts[2], ends[2];
        nparts = split_spans(kind, data, PyUnicode_GET_LENGTH(line), 2, starts, ends);
        if (nparts > 0 && stripped_lower(self, &sc->one, kind, data, starts[0], ends[0]) < 0) {
            return -1;
        }
        if (nparts > 1 && sc->one.n > 0
            && stripped_lower(self, &sc->two, kind, data, starts[1], ends[1]) < 0) {
            return -1;
        }
    }
    if (nparts == 1 && sc->one.n > 0) {
        /* if len(parts) == 1 and one: return one, one */
        *known = wordset_contains(&self->first_set, sc->one.s, sc->one.n);
        return 0;
    }
    if (sc->two.n == 0) {
        /* if not two: return lead_words(line, 1), lead_words(line, 2)   (rare) */
        PyObject *one = PyObject_CallFunction(self->lead_words, "On", line, (Py_ssize_t)1);
        if (one == NULL) {
            return -1;
        }
        PyObject *two = PyObject_CallFunction(self->lead_words, "On", line, (Py_ssize_t)2);
        if (two == NULL) {
            Py_DECREF(one);
            return -1;
        }
        int found = PySequence_Contains(self->first_words, two);
        if (found == 0) {
            found = PySequence_Contains(self->first_words, one);
        }
        Py_DECREF(two);
        if (found < 0) {
            Py_DECREF(one);
            return -1;
        }
        *known = found;
        *fallback = one;
        return 0;
    }
    /* return one, f"{one} {two}" */
    Buf *key = &sc->key;
    if (buf_reserve(key, sc->one.n + 1 + sc->two.n) < 0) {
        return -1;
    }
    memcpy(key->s, sc->one.s, (size_t)sc->one.n * sizeof(Py_UCS4));
    key->s[sc->one.n] = ' ';
    memcpy(key->s + sc->one.n + 1, sc->two.s, (size_t)sc->two.n * sizeof(Py_UCS4));
    key->n = sc->one.n + 1 + sc->two.n;
    *known = wordset_contains(&self->first_set, key->s, key->n)
             || wordset_contains(&self->first_set, sc->one.s, sc->one.n);
    return 0;
}

/* How many code points the space count reads between two tests of its total. */
#define SPACE_BLOCK 32

/* The checks of ``classify_lines`` that read the line itself, before ``_lead_words``:
 * returns 0 for a plain text line, 1 to go on (info->hinted, info->short_digits, *use_head:
 * ``head is not None``, *nhead: len(head) counted up to 3 at least), -1 on error.
 * Always inlined into scan_line_of_kind, so its loops are compiled once per string kind. */
static inline Py_ALWAYS_INLINE int
scan_line(Prefilter *self, Scratch *sc, const int kind, const void *data, Py_ssize_t n,
          LineInfo *info, int *use_head, Py_ssize_t *nhead)
{
    /* short = line.count(" ") < META_MAX_WORDS   (U+0020 only)
     * short_digits = short and _DIGIT.search(line) is not None
     * in one pass that stops once the line has too many spaces to be short (most lines):
     * it counts the spaces and notes whether an ASCII digit or a code point past ASCII
     * was seen, in blocks of SPACE_BLOCK code points without a branch per code point
     * (vectorized), then the rest one by one. A short line is read to its end, so for it
     * the notes cover the whole line. */
    Py_ssize_t spaces = 0, limit = self->meta_max_words, i = 0;
    Py_UCS4 digits = 0, beyond_ascii = 0;
    for (; i + SPACE_BLOCK <= n && spaces < limit; i += SPACE_BLOCK) {
        Py_ssize_t block = 0;
        for (Py_ssize_t j = 0; j < SPACE_BLOCK; j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i + j);
            block += c == ' ';
            digits |= c - '0' < 10;
            beyond_ascii |= c > 127;
        }
        spaces += block;
    }
    for (; i < n && spaces < limit; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        spaces += c == ' ';
        digits |= c - '0' < 10;
        beyond_ascii |= c > 127;
    }
    int is_short = spaces < limit;
    /* Without an ASCII digit, a decimal past ASCII is looked for (never in a 1-byte str
     * when no Latin-1 code point is one: latin1_decimals, see chars_init). */
    info->short_digits
        = is_short
          && (digits
              || (beyond_ascii && (kind != PyUnicode_1BYTE_KIND || latin1_decimals)
                  && has_decimal(kind, data, n)));
    if (n == 0) {
        /* line[0] of an empty line */
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -1;
    }
    *use_head = 0;
    *nhead = 0;
    Py_UCS4 first = PyUnicode_READ(kind, data, 0);
    /* if short_digits or line[0] in "@{" or line[0].isdigit(): hinted, head = True, None */
    if (info->short_digits || first == '@' || first == '{' || Py_UNICODE_ISDIGIT(first)) {
        info->hinted = 1;
        return 1;
    }
    /* head = line[:HINT_CHARS].lower().split()
     * hinted = not (hints if short else thanks).isdisjoint(head)
     * Lowercasing the head token by token gives the same tokens: no code point gains or
     * loses whitespace when lowered, and whitespace bounds the final-sigma context (both
     * checked over all code points in the tests). */
    const WordSet *hints = is_short ? &self->hint_set : &self->thanks_set;
    Py_ssize_t hn = n < self->hint_chars ? n : self->hint_chars;
    Py_ssize_t count = 0, a, b;
    Py_UCS4 ored;
    HeadScan hs;
    head_scan_start(&hs, kind, data, hn);
    info->hinted = 0;
    /* for each token data[a:b) of the head */
    while (head_scan_next(&hs, kind, data, hn, &a, &b, &ored)) {
        if (count >= 2 && info->hinted) {
            count = 3; /* len(head) > 2 is all that matters from here */
            break;
        }
        /* A token after the first two is only looked up (hinted): one of Latin-1 code
         * points is first tested against the set's Latin-1 filter (its lowercase has the
         * same length, its first and last code points lowered by latin1_lower). Most
         * tokens end here, neither lowered nor hashed. */
        if (count >= 2 && ored < 256 && latin1_lower_ok
            && !wordset_may_hold_latin1(hints, latin1_lower[PyUnicode_READ(kind, data, a)],
                                        latin1_lower[PyUnicode_READ(kind, data, b - 1)],
                                        b - a)) {
            count++;
            continue;
        }
        /* head[0] and head[1] are kept for _lead_words; later tokens only looked up. */
        Buf *low = count == 0 ? &sc->h0 : count == 1 ? &sc->h1 : &sc->tok;
        uint64_t hash;
        if (lower_token(low, kind, data, &a, b, &hash) < 0) {
            return -1;
        }
        if (!info->hinted && wordset_contains_hashed(hints, hash, low->s, low->n)) {
            info->hinted = 1;
        }
        count++;
    }
    *nhead = count;
    /* if len(head) <= 2 and len(line) > HINT_CHARS: head = None */
    *use_head = !(count <= 2 && n > self->hint_chars);
    /* if not hinted and _unknown_start(head, leads): text
     * _unknown_start: if not head: False; first = head[0].strip(FIRST_WORD_STRIP);
     *                 return bool(first) and first not in leads */
    if (!info->hinted && *use_head && count > 0) {
        Py_ssize_t a = 0, b = sc->h0.n;
        strip_span(&self->strip_chars, PyUnicode_4BYTE_KIND, sc->h0.s, &a, &b);
        if (a < b && !wordset_contains(&self->lead_set, sc->h0.s + a, b - a)) {
            return 0;
        }
    }
    return 1;
}

static int
scan_line_of_kind(Prefilter *self, Scratch *sc, PyObject *line, LineInfo *info, int *use_head,
                  Py_ssize_t *nhead)
{
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t n = PyUnicode_GET_LENGTH(line);
    switch (PyUnicode_KIND(line)) {
    case PyUnicode_1BYTE_KIND:
        return scan_line(self, sc, PyUnicode_1BYTE_KIND, data, n, info, use_head, nhead);
    case PyUnicode_2BYTE_KIND:
        return scan_line(self, sc, PyUnicode_2BYTE_KIND, data, n, info, use_head, nhead);
    default:
        return scan_line(self, sc, PyUnicode_4BYTE_KIND, data, n, info, use_head, nhead);
    }
}

/* The prefilter of ``classify_lines`` for one line: returns 0 for a plain text line, 1 for
 * a candidate (info->lead and sc->one set, see LineInfo), -1 on error. */
static int
prefilter_line(Prefilter *self, Scratch *sc, PyObject *line, LineInfo *info)
{
    int use_head;
    Py_ssize_t nhead;
    info->lead = NULL;
    int rc = scan_line_of_kind(self, sc, line, info, &use_head, &nhead);
    if (rc <= 0) {
        return rc;
    }
    /* lead, two = _lead_words(line, head)
     * known = two in first_words or lead in first_words */
    PyObject *fallback;
    if (lead_words(self, sc, line, use_head, nhead, &fallback, &info->known) < 0) {
        return -1;
    }
    /* if not (hinted or known): text */
    if (!(info->hinted || info->known)) {
        Py_XDECREF(fallback);
        return 0;
    }
    /* A candidate: its lead word becomes a str only if classify is called. */
    info->lead = fallback;
    return 1;
}

/* ``not _DIGIT.search(f"{cue.name or ''}{cue.thanked or ''}")``, for one attribute. */
static int
attr_has_decimal(PyObject *cue, PyObject *attr)
{
    PyObject *v = PyObject_GetAttr(cue, attr);
    if (v == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(v);
    if (truth <= 0) {
        Py_DECREF(v);
        return truth; /* "" (or an error) */
    }
    PyObject *s = PyObject_Format(v, NULL); /* f"{v}" */
    Py_DECREF(v);
    if (s == NULL) {
        return -1;
    }
    int found = has_decimal(PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s));
    Py_DECREF(s);
    return found;
}

/* shape = _ZEROED.sub("0", line) if short_digits else line   (_ZEROED = [1-9]) */
static PyObject *
zeroed(PyObject *line, int short_digits)
{
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t n = PyUnicode_GET_LENGTH(line), i = 0;
    if (short_digits) {
        while (i < n) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c >= '1' && c <= '9') {
                break;
            }
            i++;
        }
    }
    if (!short_digits || i == n) {
        Py_INCREF(line);
        return line;
    }
    PyObject *shape = PyUnicode_New(n, PyUnicode_MAX_CHAR_VALUE(line));
    if (shape == NULL) {
        return NULL;
    }
    int skind = PyUnicode_KIND(shape);
    void *sdata = PyUnicode_DATA(shape);
    for (i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        PyUnicode_WRITE(skind, sdata, i, (c >= '1' && c <= '9') ? '0' : c);
    }
    return shape;
}

/* The cue of a candidate line, through the page's cache ``seen`` (a new reference):
 *     cached = seen.get(line)
 *     if cached is not None: return cached
 *     shape = ...
 *     cue = seen.get(shape) or classify(line, p, lead, known)
 *     if not _DIGIT.search(f"{cue.name or ''}{cue.thanked or ''}"): seen[shape] = cue */
static PyObject *
candidate_cue(Prefilter *self, const Scratch *sc, PyObject *seen, PyObject *line,
              const LineInfo *info)
{
    PyObject *cue = PyDict_GetItemWithError(seen, line);
    if (cue != NULL) {
        Py_INCREF(cue);
        return cue;
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    PyObject *shape = zeroed(line, info->short_digits);
    if (shape == NULL) {
        return NULL;
    }
    cue = PyDict_GetItemWithError(seen, shape);
    if (cue == NULL && PyErr_Occurred()) {
        Py_DECREF(shape);
        return NULL;
    }
    Py_XINCREF(cue);
    int truth = cue == NULL ? 0 : PyObject_IsTrue(cue);
    if (truth <= 0) {
        Py_XDECREF(cue);
    }
    if (truth < 0) {
        Py_DECREF(shape);
        return NULL;
    }
    if (!truth) {
        PyObject *lead = info->lead; /* the lead word as a str */
        if (lead == NULL) {
            lead = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, sc->one.s, sc->one.n);
            if (lead == NULL) {
                Py_DECREF(shape);
                return NULL;
            }
        }
        else {
            Py_INCREF(lead);
        }
        PyObject *args[4] = {line, self->p, lead, info->known ? Py_True : Py_False};
        cue = PyObject_Vectorcall(self->classify, args, 4, NULL);
        Py_DECREF(lead);
        if (cue == NULL) {
            Py_DECREF(shape);
            return NULL;
        }
    }
    int has_digit = attr_has_decimal(cue, self->name_attr);
    if (has_digit == 0) {
        has_digit = attr_has_decimal(cue, self->thanked_attr);
    }
    if (has_digit == 0 && PyDict_SetItem(seen, shape, cue) < 0) {
        has_digit = -1;
    }
    Py_DECREF(shape);
    if (has_digit < 0) {
        Py_DECREF(cue);
        return NULL;
    }
    return cue;
}

/* ------------------------------------------------------------------------------------ */
/* classify_lines                                                                        */

/* The lines are read one after the other, each from wherever it was allocated: the line
 * PREFETCH_AHEAD places on is asked into the cache (its header and first code points,
 * where a compact str keeps them) while this one is scanned. A hint only: it reads
 * nothing and cannot fault. */
#define PREFETCH_AHEAD 4
#define PREFETCH_BYTES 192

static inline void
prefetch_str(const PyObject *line)
{
#if defined(__GNUC__)
    for (int off = 0; off < PREFETCH_BYTES; off += 64) {
        __builtin_prefetch((const char *)line + off);
    }
#else
    (void)line;
#endif
}

/* The cue of one line (a new reference), NULL on error. */
static PyObject *
line_cue(Prefilter *self, Scratch *sc, PyObject *seen, PyObject *line)
{
    if (!PyUnicode_Check(line)) {
        PyErr_Format(PyExc_TypeError, "classify_lines: lines must be str, not %.100s",
                     Py_TYPE(line)->tp_name);
        return NULL;
    }
    LineInfo info;
    int rc = prefilter_line(self, sc, line, &info);
    if (rc < 0) {
        return NULL;
    }
    if (rc == 0) {
        return Py_NewRef(self->text_cue);
    }
    PyObject *cue = candidate_cue(self, sc, seen, line, &info);
    Py_XDECREF(info.lead);
    return cue;
}

static PyObject *
Prefilter_classify_lines(Prefilter *self, PyObject *lines)
{
    if (self->p == NULL) {
        PyErr_SetString(PyExc_TypeError, "Prefilter is not initialised");
        return NULL;
    }
    /* for line in lines: a list is read as Python reads it, by index up to its current
     * length (a classify callback that changes it is seen as in Python); anything else is
     * first made a list. */
    PyObject *seq = PyList_CheckExact(lines) ? Py_NewRef(lines) : PySequence_List(lines);
    if (seq == NULL) {
        return NULL;
    }
    /* the cues, one per line read: as many slots as there are lines now, filled in order
     * (appended to past that, cut back at the end if the list shrank) */
    PyObject *cues = PyList_New(PyList_GET_SIZE(seq));
    /* seen: dict[str, Cue] = {} */
    PyObject *seen = PyDict_New();
    Scratch sc = {0};
    Py_ssize_t k = 0;
    if (cues == NULL || seen == NULL) {
        goto error;
    }
    for (; k < PyList_GET_SIZE(seq); k++) {
        PyObject *line = Py_NewRef(PyList_GET_ITEM(seq, k)); /* (held: the list may change) */
        if (k + PREFETCH_AHEAD < PyList_GET_SIZE(seq)) {
            prefetch_str(PyList_GET_ITEM(seq, k + PREFETCH_AHEAD));
        }
        PyObject *cue = line_cue(self, &sc, seen, line);
        Py_DECREF(line);
        if (cue == NULL) {
            goto error;
        }
        if (k < PyList_GET_SIZE(cues)) {
            PyList_SET_ITEM(cues, k, cue);
        }
        else {
            int rc = PyList_Append(cues, cue);
            Py_DECREF(cue);
            if (rc < 0) {
                goto error;
            }
        }
    }
    if (k < PyList_GET_SIZE(cues) && PyList_SetSlice(cues, k, PyList_GET_SIZE(cues), NULL) < 0) {
        goto error; /* (the slots cut were never filled: NULL) */
    }
    Py_DECREF(seen);
    Py_DECREF(seq);
    scratch_free(&sc);
    return cues;

error:
    Py_XDECREF(cues);
    Py_XDECREF(seen);
    Py_DECREF(seq);
    scratch_free(&sc);
    return NULL;
}

/* ------------------------------------------------------------------------------------ */
/* lines                                                                                 */

/* Appends data[a:b) to ``out`` unless it is empty or all whitespace. Returns -1 on error.
 * (Always inlined: its loop is compiled for each string kind.) */
static inline Py_ALWAYS_INLINE int
append_line(PyObject *out, PyObject *text, int kind, const void *data, Py_ssize_t a,
            Py_ssize_t b)
{
    /* if line and not line.isspace()   (str.isspace: every code point Py_UNICODE_ISSPACE) */
    Py_ssize_t i = a;
    while (i < b && is_space(PyUnicode_READ(kind, data, i))) {
        i++;
    }
    if (i == b) {
        return 0; /* empty, or whitespace only */
    }
    PyObject *line = PyUnicode_Substring(text, a, b);
    if (line == NULL) {
        return -1;
    }
    int rc = PyList_Append(out, line);
    Py_DECREF(line);
    return rc;
}

/* How many code points find_newline tests at a time. */
#define NEWLINE_BLOCK 32

/* The index of the first "\n" in data[a:n), or n. (Always inlined.) */
static inline Py_ALWAYS_INLINE Py_ssize_t
find_newline(const int kind, const void *data, Py_ssize_t a, Py_ssize_t n)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        /* one byte a code point: memchr */
        const Py_UCS1 *s = data;
        const Py_UCS1 *nl = a < n ? memchr(s + a, '\n', (size_t)(n - a)) : NULL;
        return nl == NULL ? n : nl - s;
    }
    /* skip whole blocks without one (no branch per code point: vectorized) ... */
    for (; a + NEWLINE_BLOCK <= n; a += NEWLINE_BLOCK) {
        int found = 0;
        for (Py_ssize_t j = 0; j < NEWLINE_BLOCK; j++) {
            found |= PyUnicode_READ(kind, data, a + j) == '\n';
        }
        if (found) {
            break;
        }
    }
    /* ... then find it one by one */
    while (a < n && PyUnicode_READ(kind, data, a) != '\n') {
        a++;
    }
    return a;
}

/* The body of ``lines`` for one string kind (always inlined into Prefilter_lines). */
static inline Py_ALWAYS_INLINE int
lines_of_kind(PyObject *out, PyObject *text, const int kind, const void *data, Py_ssize_t n)
{
    /* for line in text.split("\n"): the pieces between two "\n" (U+000A only) */
    Py_ssize_t a = 0, i;
    while ((i = find_newline(kind, data, a, n)) < n) {
        if (i > a && append_line(out, text, kind, data, a, i) < 0) {
            return -1;
        }
        a = i + 1;
    }
    return n > a ? append_line(out, text, kind, data, a, n) : 0;
}

/* ``[line for line in text.split("\n") if line and not line.isspace()]`` (split.split's
 * lines). */
static PyObject *
Prefilter_lines(PyObject *Py_UNUSED(self), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "lines: text must be str, not %.100s",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int rc;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        rc = lines_of_kind(out, text, PyUnicode_1BYTE_KIND, data, n);
        break;
    case PyUnicode_2BYTE_KIND:
        rc = lines_of_kind(out, text, PyUnicode_2BYTE_KIND, data, n);
        break;
    default:
        rc = lines_of_kind(out, text, PyUnicode_4BYTE_KIND, data, n);
        break;
    }
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* ------------------------------------------------------------------------------------ */
/* The type and the module.                                                              */

static PyMethodDef Prefilter_methods[] = {
    {"classify_lines", (PyCFunction)Prefilter_classify_lines, METH_O,
     "classify_lines(lines) -> list[Cue]: what cues.classify_lines(lines, p) returns."},
    {"lines", (PyCFunction)Prefilter_lines, METH_O,
     "lines(text) -> list[str]: [line for line in text.split('\\n') if line and not "
     "line.isspace()]."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PrefilterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "blogwash._cprefilter.Prefilter",
    .tp_doc = "Prefilter(p, classify, text_cue, lead_words): cues.classify_lines in C.",
    .tp_basicsize = sizeof(Prefilter),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Prefilter_init,
    .tp_dealloc = (destructor)Prefilter_dealloc,
    .tp_traverse = (traverseproc)Prefilter_traverse,
    .tp_clear = (inquiry)Prefilter_clear,
    .tp_methods = Prefilter_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "blogwash._cprefilter",
    .m_doc = "The split stage's line prefilter (cues.classify_lines) in C.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__cprefilter(void)
{
    chars_init();
    if (PyType_Ready(&PrefilterType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&PrefilterType);
    if (PyModule_AddObject(m, "Prefilter", (PyObject *)&PrefilterType) < 0) {
        Py_DECREF(&PrefilterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
