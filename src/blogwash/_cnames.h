/* _cnames.h: the name helpers of cues.py: clean_name, capitalised, _leftover, _trim_name
 * (and the lowercasing and splitting of line parts they use).
 * Included by _cclassify.c (one translation unit); needs _cview.h, _cwordtable.h,
 * _cpycall.h. */
#ifndef BLOGWASH_NAMES_H
#define BLOGWASH_NAMES_H

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

#endif /* BLOGWASH_NAMES_H */
