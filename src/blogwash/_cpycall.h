/* _cpycall.h: small helpers around Python calls: match spans, a regex method's answer,
 * making a Cue.
 * Included by _cclassify.c (one translation unit); needs the Classifier struct and the
 * interned names of _cclassify.c. */
#ifndef BLOGWASH_PYCALL_H
#define BLOGWASH_PYCALL_H

/* ---- small helpers around Python calls ---- */

/* regs[k] (a Match.regs item) -> *s */
static int
reg_span(PyObject *regs, int k, Span *s)
{
    PyObject *t = PyTuple_GET_ITEM(regs, k);
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 2) {
        PyErr_SetString(PyExc_TypeError, "unexpected Match.regs");
        return -1;
    }
    s->a = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
    s->b = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
    return PyErr_Occurred() ? -1 : 0;
}

/* m.span(group) -> *s; returns -1 on error */
static int
match_span(PyObject *m, PyObject *group, Span *s)
{
    PyObject *t = group ? PyObject_CallMethodOneArg(m, S_SPAN, group)
                        : PyObject_CallMethodNoArgs(m, S_SPAN);
    if (t == NULL)
        return -1;
    s->a = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
    s->b = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
    Py_DECREF(t);
    return PyErr_Occurred() ? -1 : 0;
}

/* regex(line) is not None: 1, 0 or -1 */
static int
matches(PyObject *method, PyObject *line)
{
    PyObject *m = PyObject_CallOneArg(method, line);
    if (m == NULL)
        return -1;
    int r = m != Py_None;
    Py_DECREF(m);
    return r;
}

static PyObject *
plain(PyObject *cue)
{
    Py_INCREF(cue);
    return cue;
}

/* Cue(kind, name, thanks, thanked); name/thanked may be NULL for None */
static PyObject *
make_cue(Classifier *self, PyObject *kind, PyObject *name, int thanks, PyObject *thanked)
{
    PyObject *values[4] = {kind, name ? name : Py_None, thanks ? Py_True : Py_False,
                           thanked ? thanked : Py_None};
    if (!self->cue_slots[0]) /* Cue is not the plain frozen slots dataclass checked for */
        return PyObject_Vectorcall(self->Cue, values, 4, NULL);
    /* What the dataclass __init__ does, without its Python frame: object.__new__(Cue),
     * then object.__setattr__ of each field (its slot descriptor's __set__). */
    PyTypeObject *type = (PyTypeObject *)self->Cue;
    PyObject *cue = type->tp_alloc(type, 0);
    if (cue == NULL)
        return NULL;
    for (int k = 0; k < 4; k++) {
        PyObject *d = self->cue_slots[k];
        if (Py_TYPE(d)->tp_descr_set(d, cue, values[k]) < 0) {
            Py_DECREF(cue);
            return NULL;
        }
    }
    return cue;
}

#endif /* BLOGWASH_PYCALL_H */
