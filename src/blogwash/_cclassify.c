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
 * This file holds the module, the Classifier type and ``classify``'s flow (which mirrors
 * ``cues._classify``); the rest is in headers named after what they know, included
 * once here: _cchars.h (character tests shared with _cprefilter.c), _cview.h (views of a
 * str, spans, str.strip / str.split on them), _cpatterns.h (reading p at construction),
 * _cwordtable.h (the word table), _cphrasestart.h (where a phrase can open), _cphrases.h
 * (whole-line phrase alternations), _cpycall.h (helpers around Python calls), _cnames.h
 * (clean_name, _leftover, _trim_name), _cdates.h (p.time, p.numeric_date, p.date),
 * _clinetests.h (cheap whole-line tests), _csays.h (p.says), _cmeta.h (_meta_line),
 * _csetup.h (construction: checking p and cues).
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

#include "_cchars.h"
#include "_cview.h"
#include "_cpatterns.h"
#include "_cwordtable.h"
#include "_cphrasestart.h"
#include "_cphrases.h"

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

#include "_cpycall.h"
#include "_cnames.h"
#include "_cdates.h"
#include "_clinetests.h"
#include "_csays.h"
#include "_cmeta.h"
#include "_csetup.h"

/* ---- _classify ---- */

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
    int digit = has_decimal(L.kind, L.data, L.len);
    int r;
    /* the line LineAlt answers for */
    int ascii_plain = ascii && memchr(L.data, '\n', (size_t)L.len) == NULL;
    /* RETURN_IF_LINE_MATCH(guard, la, regex method, cue): RETURN_IF_MATCH, answered by
     * la_matches where it can */
#define RETURN_IF_LINE_MATCH(guard, la, header, method, cue)                              \
    do {                                                                                  \
        if (guard) {                                                                      \
            if (ascii_plain && (la) != NULL && (la)->ok)                                  \
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
    RETURN_IF_LINE_MATCH(guard, (const LineAlt *)NULL, 0, method, cue)
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
    if (word_table_init(self, p) < 0 || phrase_starts_init(self, p) < 0)
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
    if (line_alts_init(self, p) < 0)
        goto error;
    if ((self->date_m1 = group_number(p, "date", "m1")) < 0 ||
        (self->date_m2 = group_number(p, "date", "m2")) < 0 ||
        (self->reldate_unit = group_number(p, "reldate", "unit")) < 0)
        goto error;
    if ((self->own_time = same_pattern(p, "time", TIME_PATTERN, 1)) < 0 ||
        (self->own_numeric_date = same_pattern(p, "numeric_date", NUMERIC_DATE_PATTERN, 0)) < 0 ||
        (self->own_date = same_pattern(p, "date", DATE_PATTERN, 1)) < 0)
        goto error;
    if (regex_methods_init(self, p) < 0)
        goto error;
    if (cues_init(self, cues) < 0)
        goto error;
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
    chars_init(); /* _cchars.h's tables */
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
