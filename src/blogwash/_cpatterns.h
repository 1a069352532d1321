/* _cpatterns.h: reading a Patterns object at construction: a list of p.words, the
 * alternation patterns.py builds of it, and whether one of p's regexes is the pattern this
 * module matches in C (else the regex keeps answering); iter_of, for iterating over what
 * a call gives.
 * Included by _cclassify.c (one translation unit); needs <Python.h>. */
#ifndef BLOGWASH_PATTERNS_H
#define BLOGWASH_PATTERNS_H

/* iter(obj) (a new reference), taking over the reference to obj; obj NULL (an error
 * already set) or an error: NULL */
static PyObject *
iter_of(PyObject *obj)
{
    PyObject *it = obj == NULL ? NULL : PyObject_GetIter(obj);
    Py_XDECREF(obj);
    return it;
}

/* p.words[key] (a new reference), or NULL with an exception set */
static PyObject *
words_of(PyObject *p, const char *key)
{
    PyObject *words = PyObject_GetAttrString(p, "words");
    PyObject *phrases = words == NULL ? NULL : PyMapping_GetItemString(words, key);
    Py_XDECREF(words);
    return phrases;
}

/* patterns.<how>(phrases) (a new reference): the alternation patterns.py builds
 * (``_alternation`` or ``_line_alternation``); NULL with an exception set */
static PyObject *
alternation_of(const char *how, PyObject *phrases)
{
    PyObject *mod = PyImport_ImportModule("blogwash.patterns");
    PyObject *alt = mod == NULL ? NULL : PyObject_CallMethod(mod, how, "O", phrases);
    Py_XDECREF(mod);
    return alt;
}

/* Whether p.<name> is re.compile(want) (with ``opens``: a pattern that opens with want)
 * with exactly the flags ``flags`` (re.UNICODE 32, re.IGNORECASE 2): 1, 0, or -1 on an
 * error.  Takes over the reference to want; want NULL: an error already set (-1). */
static int
regex_is(PyObject *p, const char *name, PyObject *want, int opens, long flags)
{
    PyObject *rx = want == NULL ? NULL : PyObject_GetAttrString(p, name);
    PyObject *pat = rx == NULL ? NULL : PyObject_GetAttrString(rx, "pattern");
    PyObject *rx_flags = pat == NULL ? NULL : PyObject_GetAttrString(rx, "flags");
    Py_XDECREF(rx);
    int is = -1;
    if (rx_flags != NULL) {
        long f = PyLong_AsLong(rx_flags);
        Py_ssize_t same = !PyUnicode_Check(pat) ? 0
                          : opens ? PyUnicode_Tailmatch(pat, want, 0, PY_SSIZE_T_MAX, -1)
                                  : PyUnicode_Compare(pat, want) == 0;
        if (same >= 0 && !PyErr_Occurred())
            is = same == 1 && f == flags;
    }
    Py_XDECREF(want);
    Py_XDECREF(pat);
    Py_XDECREF(rx_flags);
    return is;
}

#endif /* BLOGWASH_PATTERNS_H */
