/* _csetup.h: construction: reading p's regex methods and word sets, checking that cues'
 * constants and p's patterns are the ones this module mirrors, the family masks.
 * Included by _cclassify.c (one translation unit); needs all the above. */
#ifndef BLOGWASH_SETUP_H
#define BLOGWASH_SETUP_H

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

/* eq: whether cues.<name> is what this module mirrors (1), is not (0, a ValueError set
 * here) or could not be told (-1, an exception set): 0 when it is, else -1 */
static int
mirrored(int eq, const char *name)
{
    if (eq == 0)
        PyErr_Format(PyExc_ValueError, "cues.%s differs from what _cclassify mirrors", name);
    return eq == 1 ? 0 : -1;
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
    return mirrored(eq, name);
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
    if (mirrored(eq, "_SEPARATORS") < 0)
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
    if (mirrored(ok, "clean_name") < 0)
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
    PyObject *phrases = words_of(p, "thanks");
    PyObject *alt = phrases == NULL ? NULL : alternation_of("_alternation", phrases);
    Py_XDECREF(phrases);
    PyObject *want = alt == NULL ? NULL : PyUnicode_FromFormat("(?:^|[ ,.!])(?:%U)", alt);
    Py_XDECREF(alt);
    int opens = regex_is(p, "thanks", want, 1, 2 | 32);
    if (opens < 0)
        return -1;
    self->thanks_c = opens;
    return 0;
}

/* p.<name> is re.compile(pattern, flags) with these exact flags (re.UNICODE, plus
 * re.IGNORECASE if ignorecase): 1, 0 or -1 */
static int
same_pattern(PyObject *p, const char *name, const char *pattern, int ignorecase)
{
    return regex_is(p, name, PyUnicode_FromString(pattern), 0, ignorecase ? 2 | 32 : 32);
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

/* self->words: the words of p's word sets, each with the bit (W_*) of every set it is in */
static int
word_table_init(Classifier *self, PyObject *p)
{
    Table *t = &self->words;
    t->slots = PyMem_Calloc(64, sizeof(Slot));
    if (t->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->mask = 63;
    PyObject *by = words_of(p, "by_words");
    int r = by == NULL ? -1 : table_add_set(t, by, W_BY);
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
        return -1;
    return 0;
}

/* self->header_start, boiler_start, thanks_start: where a phrase of p.header,
 * p.boilerplate or p.thanks can open (_cphrasestart.h) */
static int
phrase_starts_init(Classifier *self, PyObject *p)
{
    PyObject *h = words_of(p, "comment_headers");
    PyObject *b = h == NULL ? NULL : words_of(p, "boilerplate");
    PyObject *th = b == NULL ? NULL : words_of(p, "thanks");
    int r = th == NULL || phrase_start_init(&self->header_start, h) < 0 ||
                    phrase_start_init(&self->boiler_start, b) < 0 ||
                    literal_start_init(&self->thanks_start, th) < 0
                ? -1
                : 0;
    Py_XDECREF(h);
    Py_XDECREF(b);
    Py_XDECREF(th);
    return r;
}

/* self->la_*: p.action, p.boilerplate, p.footer_start and p.header matched here when they
 * are the patterns patterns.py builds (_cphrases.h) */
static int
line_alts_init(Classifier *self, PyObject *p)
{
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
        return -1;
    return 0;
}

/* self's bound methods of p's regexes */
static int
regex_methods_init(Classifier *self, PyObject *p)
{
#define METHOD(field, regex, method)                                                      \
    if ((self->field = attr_method(p, regex, method)) == NULL)                            \
        return -1;
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
    return 0;
}

/* what self takes from cues: Cue (and its slots), _classify, the plain Cue of each kind */
static int
cues_init(Classifier *self, PyObject *cues)
{
#define ATTR(field, obj, name)                                                            \
    if ((self->field = PyObject_GetAttrString(obj, name)) == NULL)                        \
        return -1;
    ATTR(Cue, cues, "Cue");
    if (init_cue_slots(self) < 0)
        return -1;
    ATTR(py_classify, cues, "_classify");
#undef ATTR
    PyObject *plain_cues = PyObject_GetAttrString(cues, "_PLAIN");
    if (plain_cues == NULL)
        return -1;
#define PLAIN(field, kind)                                                                \
    if ((self->field = PyMapping_GetItemString(plain_cues, kind)) == NULL) {              \
        Py_DECREF(plain_cues);                                                            \
        return -1;                                                                        \
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
    return 0;
}

#endif /* BLOGWASH_SETUP_H */
