/* _cwordtable.h: Table: every word of the pattern sets (p.words...) in one hash table, with
 * a bit per set it is in, and a bit filter in front of it.
 * Included by _cclassify.c (one translation unit); needs _cview.h. */
#ifndef BLOGWASH_WORDTABLE_H
#define BLOGWASH_WORDTABLE_H

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

#endif /* BLOGWASH_WORDTABLE_H */
