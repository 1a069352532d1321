/* _cstr.h: Python's str methods as blogwash's prefilter uses them, on spans of code points
 * (a str's data read with PyUnicode_READ whatever its kind, or a Buf as the 4-byte kind):
 * ``split()``, ``lower()``, ``strip(chars)``.
 * Included by _cprefilter.c (one translation unit); needs _cchars.h and _cwords.h. */
#ifndef BLOGWASH_CSTR_H
#define BLOGWASH_CSTR_H

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

/* ------------------------------------------------------------------------------------ */
/* HeadScan: the tokens of the head, ``line[:HINT_CHARS].split()``, one after the other.   */

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define HEAD_BITS 128 /* a 1- or 2-byte head of at most this many code points: SSE2 */
#else
#define HEAD_BITS 0
#endif

typedef struct {
    Py_ssize_t pos;   /* where the next token is looked for */
    int bits;         /* whether the masks are used (a 1- or 2-byte head <= HEAD_BITS) */
    uint64_t space[2]; /* bit j: data[j] is whitespace, or j >= the head's length */
    uint64_t wide[2];  /* bit j: data[j] is past Latin-1 (> U+00FF) */
} HeadScan;

#if HEAD_BITS
/* The first j >= from (< 128) whose bit is set in m, or 128. */
static inline Py_ssize_t
next_bit(const uint64_t m[2], Py_ssize_t from)
{
    if (from < 64) {
        uint64_t x = m[0] >> from;
        if (x) {
            return from + __builtin_ctzll(x);
        }
        from = 64;
    }
    if (from < 128) {
        uint64_t x = m[1] >> (from - 64);
        if (x) {
            return from + __builtin_ctzll(x);
        }
    }
    return 128;
}

/* space[] of a 1-byte head data[0:hn), hn <= 128: whitespace is U+0009..U+000D,
 * U+001C..U+0020, U+0085 and U+00A0 there (latin1_spaces_ok), tested 16 bytes at a time
 * (the last, partial block on a copy padded with spaces: nothing past the head is read). */
static inline void
head_bits_ucs1(HeadScan *hs, const Py_UCS1 *data, Py_ssize_t hn)
{
    unsigned char tail[16]; /* the last, partial block, padded with spaces */
    Py_ssize_t padded = (hn + 15) / 16 * 16, whole = hn / 16 * 16;
    for (Py_ssize_t k = 0; k < 16; k++) {
        tail[k] = whole + k < hn ? data[whole + k] : ' ';
    }
    hs->space[0] = hs->space[1] = ~(uint64_t)0;
    for (Py_ssize_t k = 0; k < padded; k += 16) {
        const void *block = k < whole ? (const void *)(data + k) : (const void *)tail;
        __m128i v = _mm_loadu_si128((const __m128i *)block);
        __m128i t1 = _mm_sub_epi8(v, _mm_set1_epi8(0x09)); /* 0x09..0x0D: t1 <= 4 */
        __m128i t2 = _mm_sub_epi8(v, _mm_set1_epi8(0x1C)); /* 0x1C..0x20: t2 <= 4 */
        __m128i four = _mm_set1_epi8(4);
        __m128i sp = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(t1, four), t1),
                                  _mm_cmpeq_epi8(_mm_min_epu8(t2, four), t2));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x85)));
        sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xA0)));
        uint64_t m = (uint64_t)(unsigned)_mm_movemask_epi8(sp);
        /* the 16 bits of this block replace the (set) bits at k..k+15 */
        hs->space[k / 64] &= ~((uint64_t)0xFFFF << (k % 64));
        hs->space[k / 64] |= m << (k % 64);
    }
    hs->wide[0] = hs->wide[1] = 0;
}

/* 0xFFFF in each 16-bit lane of v that is in lo..hi, else 0 (unsigned: v - lo <= hi - lo,
 * that is, the saturated difference (v - lo) - (hi - lo) is 0). */
static inline __m128i
in_range_epu16(__m128i v, unsigned short lo, unsigned short hi)
{
    __m128i t = _mm_sub_epi16(v, _mm_set1_epi16((short)lo));
    return _mm_cmpeq_epi16(_mm_subs_epu16(t, _mm_set1_epi16((short)(hi - lo))),
                           _mm_setzero_si128());
}

/* The whitespace of 8 code points of a 2-byte str: U+0009..U+000D, U+001C..U+0020, U+0085,
 * U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (what
 * Py_UNICODE_ISSPACE says in the BMP: bmp_spaces_ok). */
static inline __m128i
spaces_epu16(__m128i v)
{
    __m128i sp = _mm_or_si128(in_range_epu16(v, 0x09, 0x0D), in_range_epu16(v, 0x1C, 0x20));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0x2000, 0x200A));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0x2028, 0x2029));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0x85, 0x85));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0xA0, 0xA0));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0x1680, 0x1680));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0x202F, 0x202F));
    sp = _mm_or_si128(sp, in_range_epu16(v, 0x205F, 0x205F));
    return _mm_or_si128(sp, in_range_epu16(v, 0x3000, 0x3000));
}

/* The masks of a 2-byte head data[0:hn), hn <= 128, 16 code points at a time (the last,
 * partial block on a copy padded with spaces). */
static inline void
head_bits_ucs2(HeadScan *hs, const Py_UCS2 *data, Py_ssize_t hn)
{
    Py_UCS2 tail[16];
    Py_ssize_t padded = (hn + 15) / 16 * 16, whole = hn / 16 * 16;
    for (Py_ssize_t k = 0; k < 16; k++) {
        tail[k] = whole + k < hn ? data[whole + k] : ' ';
    }
    hs->space[0] = hs->space[1] = ~(uint64_t)0;
    hs->wide[0] = hs->wide[1] = 0;
    for (Py_ssize_t k = 0; k < padded; k += 16) {
        const Py_UCS2 *block = k < whole ? data + k : tail;
        __m128i v0 = _mm_loadu_si128((const __m128i *)block);
        __m128i v1 = _mm_loadu_si128((const __m128i *)(block + 8));
        /* (packing the 0/0xFFFF lanes gives 0/0xFF bytes, in order) */
        uint64_t sp = (uint64_t)(unsigned)_mm_movemask_epi8(
            _mm_packs_epi16(spaces_epu16(v0), spaces_epu16(v1)));
        uint64_t latin1 = (uint64_t)(unsigned)_mm_movemask_epi8(
            _mm_packs_epi16(in_range_epu16(v0, 0, 0xFF), in_range_epu16(v1, 0, 0xFF)));
        hs->space[k / 64] &= ~((uint64_t)0xFFFF << (k % 64));
        hs->space[k / 64] |= sp << (k % 64);
        hs->wide[k / 64] |= (~latin1 & 0xFFFF) << (k % 64);
    }
}

/* Whether m has a bit set from a to b - 1 (0 <= a < b <= 128). */
static inline int
bits_between(const uint64_t m[2], Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t w = 0; w < 2; w++) {
        Py_ssize_t lo = a > 64 * w ? a - 64 * w : 0;
        Py_ssize_t hi = b < 64 * (w + 1) ? b - 64 * w : 64;
        if (lo < hi) {
            uint64_t ones = hi - lo == 64 ? ~(uint64_t)0 : ((uint64_t)1 << (hi - lo)) - 1;
            if (m[w] & (ones << lo)) {
                return 1;
            }
        }
    }
    return 0;
}
#endif

/* Starts the scan of the head data[0:hn). (Always inlined: compiled for each kind.) */
static inline Py_ALWAYS_INLINE void
head_scan_start(HeadScan *hs, const int kind, const void *data, Py_ssize_t hn)
{
    hs->pos = 0;
    hs->bits = 0;
#if HEAD_BITS
    if (kind == PyUnicode_1BYTE_KIND && hn <= HEAD_BITS && latin1_spaces_ok) {
        head_bits_ucs1(hs, data, hn);
        hs->bits = 1;
    }
    else if (kind == PyUnicode_2BYTE_KIND && hn <= HEAD_BITS && bmp_spaces_ok) {
        head_bits_ucs2(hs, data, hn);
        hs->bits = 1;
    }
#endif
}

/* The next token of the head: data[*a:*b), and *ored, the OR of its code points (< 256
 * when all of them are Latin-1); returns 0 when there is none left. */
static inline Py_ALWAYS_INLINE int
head_scan_next(HeadScan *hs, const int kind, const void *data, Py_ssize_t hn, Py_ssize_t *a,
               Py_ssize_t *b, Py_UCS4 *ored)
{
#if HEAD_BITS
    if (hs->bits) {
        /* the first non-space bit from pos, then the first space bit after it */
        const uint64_t word[2] = {~hs->space[0], ~hs->space[1]};
        Py_ssize_t start = next_bit(word, hs->pos);
        if (start >= hn) {
            return 0;
        }
        *a = start;
        *b = hs->pos = next_bit(hs->space, start); /* <= hn: the bits from hn on are set */
        *ored = kind == PyUnicode_1BYTE_KIND || !bits_between(hs->wide, start, *b) ? 0 : 256;
        return 1;
    }
#endif
    Py_ssize_t i = hs->pos;
    while (i < hn && is_space(PyUnicode_READ(kind, data, i))) {
        i++;
    }
    if (i == hn) {
        return 0;
    }
    *a = i;
    Py_UCS4 c, o = 0;
    while (i < hn && !is_space(c = PyUnicode_READ(kind, data, i))) {
        o |= c;
        i++;
    }
    *b = hs->pos = i;
    *ored = o;
    return 1;
}

/* The ``chars`` of ``str.strip(chars)``: its code points, and a bit per Latin-1 one (most
 * tested code points are Latin-1: one bit test instead of a look through the list). */
typedef struct {
    Buf chars;
    uint64_t latin1[4];
} StripSet;

static int
strip_set_build(StripSet *set, PyObject *chars)
{
    if (buf_set(&set->chars, PyUnicode_KIND(chars), PyUnicode_DATA(chars), 0,
                PyUnicode_GET_LENGTH(chars))
        < 0) {
        return -1;
    }
    memset(set->latin1, 0, sizeof(set->latin1));
    for (Py_ssize_t j = 0; j < set->chars.n; j++) {
        Py_UCS4 c = set->chars.s[j];
        if (c < 256) {
            set->latin1[c / 64] |= (uint64_t)1 << (c % 64);
        }
    }
    return 0;
}

/* ``c in chars`` */
static inline int
strip_set_has(const StripSet *set, Py_UCS4 c)
{
    if (c < 256) {
        return (int)(set->latin1[c / 64] >> (c % 64) & 1);
    }
    for (Py_ssize_t j = 0; j < set->chars.n; j++) {
        if (set->chars.s[j] == c) {
            return 1;
        }
    }
    return 0;
}

/* ``str.strip(chars)``: narrows [*a, *b) of data past the code points in ``chars``. */
static inline Py_ALWAYS_INLINE void
strip_span(const StripSet *chars, int kind, const void *data, Py_ssize_t *a, Py_ssize_t *b)
{
    while (*a < *b && strip_set_has(chars, PyUnicode_READ(kind, data, *a))) {
        (*a)++;
    }
    while (*b > *a && strip_set_has(chars, PyUnicode_READ(kind, data, *b - 1))) {
        (*b)--;
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

#endif /* BLOGWASH_CSTR_H */
