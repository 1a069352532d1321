/* _cdates.h: p.time, p.numeric_date and p.date matched in C (their regexes have no word
 * lists), and the cheap tests a p.time or p.numeric_date match must pass.
 * Included by _cclassify.c (one translation unit); needs _cview.h. */
#ifndef BLOGWASH_DATES_H
#define BLOGWASH_DATES_H

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
        return ascii_lower(c) == (Py_UCS4)lit;
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

/* The end of the IGNORECASE literal lits matched at i, or -1 */
static Py_ssize_t
lits_end(const View *L, Py_ssize_t i, const char *lits)
{
    return lits_at(L, i, lits) ? i + (Py_ssize_t)strlen(lits) : -1;
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
                    Py_ssize_t e = lits_end(L, p + sp, SUFFIX[k]);
                    if (e >= 0 && !dec_at(L, e))
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

/* How many characters from i on (at most ``most``) pass ``is``: a greedy X{,most}.
 * (Always inlined: ``is`` becomes a direct, inlined test.) */
static inline Py_ALWAYS_INLINE Py_ssize_t
run_of(const View *L, Py_ssize_t i, Py_ssize_t most, int (*is)(const View *, Py_ssize_t))
{
    Py_ssize_t n = 0;
    while (n < most && is(L, i + n))
        n++;
    return n;
}

/* \d{,most} at i (greedy): how many */
static Py_ssize_t
run_of_digits(const View *L, Py_ssize_t i, Py_ssize_t most)
{
    return run_of(L, i, most, dec_at);
}

/* p.numeric_date at s: the end of the match, or -1.  Also the third alternative of p.date,
 * (?<!\d)\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}\b, which is the same match: "\d(?<!\d\d)" is a
 * digit at s with none at s - 1, as "(?<!\d)\d" is, and "\d{0,3}" after it makes the run
 * of 1 to 4 digits of "\d{1,4}", tried from the longest down in both; IGNORECASE (p.date's)
 * changes nothing for digits, separators and \b. */
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

/* [^\W\d_]{,most} at i (greedy): how many */
static Py_ssize_t
run_of_letters(const View *L, Py_ssize_t i, Py_ssize_t most)
{
    return run_of(L, i, most, letter_at);
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

/* DAY followed by one of ``suffixes`` (IGNORECASE; "" for none, NULL at the end) at p: the
 * ends reached, in the order sre tries them (each day end of day_ends, with the suffixes
 * in order); out holds 4 * the suffixes */
static int
day_suffix_ends(const View *L, Py_ssize_t p, const char *const *suffixes, Py_ssize_t *out)
{
    Py_ssize_t days[4];
    int ndays = day_ends(L, p, days), n = 0;
    for (int k = 0; k < ndays; k++)
        for (int x = 0; suffixes[x] != NULL; x++) {
            Py_ssize_t e = lits_end(L, days[k], suffixes[x]);
            if (e >= 0)
                out[n++] = e;
        }
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
    static const char *const SUFFIX[] = {".", "st", "nd", "rd", "th", "er", "", NULL};
    if (dec_at(L, s - 1))
        return -1;
    Py_ssize_t ends[4 * 7];
    int nends = day_suffix_ends(L, s, SUFFIX, ends);
    for (int k = 0; k < nends; k++) {
        Py_ssize_t p1 = ends[k];
        OPTIONAL(sp, at(L, p1) == ' ', 1)
        OPTIONAL(de, lits_at(L, p1 + sp, "de "), 3)
        {
            Py_ssize_t w = p1 + sp + de;
            Py_ssize_t run = run_of_letters(L, w, 12);
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
    static const char *const SUFFIX[] = {"st", "nd", "rd", "th", "", NULL};
    if (s > 0 && is_word(vget(L, s - 1)))
        return -1;
    Py_ssize_t run = run_of_letters(L, s, 12);
    for (Py_ssize_t len = run; len >= 2; len--) {
        Py_ssize_t w_end = s + len;
        OPTIONAL(dot, at(L, w_end) == '.', 1)
        {
            Py_ssize_t p = w_end + dot;
            if (at(L, p) != ' ')
                continue;
            Py_ssize_t ends[4 * 5];
            int nends = day_suffix_ends(L, p + 1, SUFFIX, ends);
            for (int k = 0; k < nends; k++) {
                Py_ssize_t q1 = ends[k];
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

/* p.date (IGNORECASE) at s: the end of the match, or -1; *month: the span of the group
 * m1 or m2 that took part, or (-1, -1) */
static Py_ssize_t
date_at(const View *L, Py_ssize_t s, Span *month)
{
    month->a = month->b = -1;
    Py_ssize_t e = date_day_month_at(L, s, month);
    if (e < 0)
        e = date_month_day_at(L, s, month);
    if (e < 0) /* (?<!\d)\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}\b: p.numeric_date's match */
        e = numeric_date_at(L, s);
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
        if (add_span(spans, n, s, e) < 0)
            return -2;
        s = e;
    }
    return 0;
}

/* ---- C tests every match of a regex must pass (no false "cannot match") ---- */

/* p.numeric_date: \d(?<!\d\d)\d{0,3}[./\-]\d{1,2}... needs "<digit>[./-]<digit>". */
static int
numeric_date_possible(const View *L)
{
    for (Py_ssize_t i = 0; i + 2 < L->len; i++) {
        Py_UCS4 c = vget(L, i + 1);
        if ((c == '.' || c == '/' || c == '-') && dec_at(L, i) && dec_at(L, i + 2))
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
            dec_at(L, i - 1) && dec_at(L, i + 1))
            return 1;
        if (i + 2 < L->len && ((vget(L, i - 1) == '1' && c == '9') ||
                               (vget(L, i - 1) == '2' && c == '0')) &&
            dec_at(L, i + 1) && dec_at(L, i + 2))
            return 1;
    }
    return 0;
}

#endif /* BLOGWASH_DATES_H */
