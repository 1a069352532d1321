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

#endif /* BLOGWASH_SETUP_H */
