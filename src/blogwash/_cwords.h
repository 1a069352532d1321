/* _cwords.h: code-point strings for blogwash's prefilter: Buf, a growable array of code
 * points (scratch space for a token or word), and WordSet, a set of code-point strings (a
 * frozenset of str read once) with a bit filter in front. Included by _cprefilter.c. */
#ifndef BLOGWASH_CWORDS_H
#define BLOGWASH_CWORDS_H

typedef struct {
    Py_UCS4 *s;
    Py_ssize_t n;
    Py_ssize_t cap;
} Buf;

static int
buf_reserve(Buf *b, Py_ssize_t need)
{
    if (need <= b->cap) {
        return 0;
    }
    Py_ssize_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)sizeof(Py_UCS4)) {
            PyErr_NoMemory();
            return -1;
        }
        cap *= 2;
    }
    Py_UCS4 *s = PyMem_Realloc(b->s, (size_t)cap * sizeof(Py_UCS4));
    if (s == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

static void
buf_free(Buf *b)
{
    PyMem_Free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}

/* Copies the code points in[a:b) (a string of the given kind) to out. */
static int
buf_set(Buf *out, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (buf_reserve(out, b - a) < 0) {
        return -1;
    }
    for (Py_ssize_t i = a; i < b; i++) {
        out->s[i - a] = PyUnicode_READ(kind, data, i);
    }
    out->n = b - a;
    return 0;
}

/* ------------------------------------------------------------------------------------ */
/* WordSet: open addressing over a pool of code points.                                  */

typedef struct {
    uint64_t hash;
    Py_ssize_t start; /* offset of the word in pool; -1: empty slot */
    Py_ssize_t len;
} Slot;

#define FILTER_BITS 65536 /* 8 KB: stays in the L1 cache, unlike the slots */
#define LATIN1_FILTER_BITS 16384 /* 2 KB */

typedef struct {
    Slot *slots;
    size_t mask; /* number of slots - 1 (a power of two) */
    Py_UCS4 *pool;
    /* One bit per word, chosen by its hash: most words not in the set are told apart
     * with one bit test, without touching the (larger) slot table. */
    uint64_t filter[FILTER_BITS / 64];
    /* One bit per word of Latin-1 code points (< 256), chosen by its first and last code
     * points and its length (latin1_key): a lowered token of Latin-1 code points whose key
     * bit is clear is not in the set, told without lowering or hashing all of it (the
     * prefilter's head tokens, see scan_line). */
    uint64_t latin1_filter[LATIN1_FILTER_BITS / 64];
} WordSet;

/* The key of a word of Latin-1 code points of length n >= 1 whose first and last code
 * points are c0 and c1. */
static inline size_t
latin1_key(Py_UCS4 c0, Py_UCS4 c1, Py_ssize_t n)
{
    return ((size_t)c0 * 0x9E3u ^ (size_t)c1 * 0x85Du ^ (size_t)n * 0x2B3u) % LATIN1_FILTER_BITS;
}

/* 0 when no Latin-1 word of the set has that key (then no such word is in it). */
static inline int
wordset_may_hold_latin1(const WordSet *set, Py_UCS4 c0, Py_UCS4 c1, Py_ssize_t n)
{
    size_t bit = latin1_key(c0, c1, n);
    return (int)(set->latin1_filter[bit / 64] >> (bit % 64) & 1);
}

static inline size_t
filter_bit(uint64_t hash)
{
    return (size_t)(hash >> 40) % FILTER_BITS;
}

/* FNV-1a over the code points (step by step, so a caller can hash while it writes). */
#define HASH_START 14695981039346656037ULL
#define HASH_STEP(h, c) (((h) ^ (uint64_t)(c)) * 1099511628211ULL)

static uint64_t
hash_ucs4(const Py_UCS4 *s, Py_ssize_t n)
{
    uint64_t h = HASH_START;
    for (Py_ssize_t i = 0; i < n; i++) {
        h = HASH_STEP(h, s[i]);
    }
    return h;
}

/* Whether s[0:n), whose hash_ucs4 is h, is in the set. */
static inline int
wordset_contains_hashed(const WordSet *set, uint64_t h, const Py_UCS4 *s, Py_ssize_t n)
{
    size_t bit = filter_bit(h);
    if (!(set->filter[bit / 64] >> (bit % 64) & 1)) {
        return 0;
    }
    for (size_t i = (size_t)h & set->mask;; i = (i + 1) & set->mask) {
        const Slot *slot = &set->slots[i];
        if (slot->start < 0) {
            return 0;
        }
        if (slot->hash == h && slot->len == n
            && memcmp(set->pool + slot->start, s, (size_t)n * sizeof(Py_UCS4)) == 0) {
            return 1;
        }
    }
}

static inline int
wordset_contains(const WordSet *set, const Py_UCS4 *s, Py_ssize_t n)
{
    return wordset_contains_hashed(set, hash_ucs4(s, n), s, n);
}

static void
wordset_free(WordSet *set)
{
    PyMem_Free(set->slots);
    PyMem_Free(set->pool);
    set->slots = NULL;
    set->pool = NULL;
    set->mask = 0;
}

/* Reads ``words`` (an iterable of str, e.g. ``p.first_words``) into ``set``. */
static int
wordset_build(WordSet *set, PyObject *words)
{
    wordset_free(set); /* (from a failed earlier __init__) */
    memset(set->filter, 0, sizeof(set->filter));
    memset(set->latin1_filter, 0, sizeof(set->latin1_filter));
    PyObject *list = PySequence_List(words);
    if (list == NULL) {
        return -1;
    }
    Py_ssize_t count = PyList_GET_SIZE(list), total = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *w = PyList_GET_ITEM(list, k);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "Prefilter: the word sets must hold str");
            Py_DECREF(list);
            return -1;
        }
        total += PyUnicode_GET_LENGTH(w);
    }
    size_t nslots = 8;
    while (nslots < (size_t)count * 2 + 1) {
        nslots *= 2;
    }
    set->slots = PyMem_Malloc(nslots * sizeof(Slot));
    set->pool = PyMem_Malloc(((size_t)total + 1) * sizeof(Py_UCS4));
    if (set->slots == NULL || set->pool == NULL) {
        Py_DECREF(list);
        wordset_free(set);
        PyErr_NoMemory();
        return -1;
    }
    set->mask = nslots - 1;
    for (size_t i = 0; i < nslots; i++) {
        set->slots[i].start = -1;
    }
    Py_ssize_t used = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *w = PyList_GET_ITEM(list, k);
        int kind = PyUnicode_KIND(w);
        const void *data = PyUnicode_DATA(w);
        Py_ssize_t n = PyUnicode_GET_LENGTH(w);
        Py_UCS4 *s = set->pool + used;
        for (Py_ssize_t i = 0; i < n; i++) {
            s[i] = PyUnicode_READ(kind, data, i);
        }
        if (wordset_contains(set, s, n)) {
            continue; /* cannot happen for a set; harmless */
        }
        uint64_t h = hash_ucs4(s, n);
        size_t i = (size_t)h & set->mask;
        while (set->slots[i].start >= 0) {
            i = (i + 1) & set->mask;
        }
        size_t bit = filter_bit(h);
        set->filter[bit / 64] |= (uint64_t)1 << (bit % 64);
        Py_UCS4 any = 0;
        for (Py_ssize_t j = 0; j < n; j++) {
            any |= s[j];
        }
        if (n > 0 && any < 256) {
            bit = latin1_key(s[0], s[n - 1], n);
            set->latin1_filter[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
        set->slots[i].hash = h;
        set->slots[i].start = used;
        set->slots[i].len = n;
        used += n;
    }
    Py_DECREF(list);
    return 0;
}

#endif /* BLOGWASH_CWORDS_H */
