/* _cmeta.h: cues._meta_line and its helpers (_date_matches, the counts of comments, the
 * author name).
 * Included by _cclassify.c (one translation unit); needs _cdates.h, _csays.h, _cnames.h,
 * _clinetests.h. */
#ifndef BLOGWASH_META_H
#define BLOGWASH_META_H

/* The p.date matches (found here) whose month word, if they have one, lowercases to a
 * key of p.months: `for m in p.date.finditer(line): month = m.group("m1") or
 * m.group("m2"); if month is None or month.lower() in p.months: found.append(m)` */
static int
scan_dates(Classifier *self, PyObject *line, const View *L, Span *spans, int *n)
{
    for (Py_ssize_t s = 0; s < L->len;) {
        /* a p.date match opens with an ASCII digit (the day), a Unicode one (\d) or a
         * letter ([^\W\d_], the month): no other ASCII character */
        Py_UCS4 c = vget(L, s);
        if (c < 128 && !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) {
            s++;
            continue;
        }
        Span month;
        Py_ssize_t e = date_at(L, s, &month);
        if (e < 0) {
            s++;
            continue;
        }
        unsigned f = W_MONTH;
        if (month.a >= 0 && lower_flags(self, L, line, month, &f) < 0)
            return -1;
        if ((f & W_MONTH) && add_span(spans, n, s, e) < 0)
            return -2;
        s = e;
    }
    return 0;
}

/* The head tokens' spans once stripped of _TOKEN_PUNCT and their table flags (classify_impl
 * looks them up first): a later pass that strips a token to the same span reuses them. */
typedef struct {
    Span s[HEAD_TOKENS];
    unsigned f[HEAD_TOKENS];
    int n;
} HeadMemo;

/* The table flags of token k stripped to span s (low[s.a:s.b]) */
static inline unsigned
token_flags(const Classifier *self, const View *low, const HeadMemo *memo, int k, Span s)
{
    if (k < memo->n && memo->s[k].a == s.a && memo->s[k].b == s.b)
        return memo->f[k];
    return lookup(&self->words, low, s.a, s.b);
}

/* ---- _meta_line ---- */

/* Appends the spans of regex.finditer(line) to spans (a month/unit group, if given, must
 * lowercase to a word with flag). */
static int
collect(Classifier *self, PyObject *finditer, PyObject *line, const View *L, int group1,
        int group2, unsigned flag, Span *spans, int *n)
{
    PyObject *iter = iter_of(PyObject_CallOneArg(finditer, line));
    if (iter == NULL)
        return -1;
    PyObject *m;
    int rc = 0;
    while (rc == 0 && (m = PyIter_Next(iter)) != NULL) {
        /* m.regs: the spans of the match and of each group, (-1, -1) if it took no part */
        PyObject *regs = PyObject_GetAttr(m, S_REGS);
        Py_DECREF(m);
        if (regs == NULL || !PyTuple_Check(regs) || PyTuple_GET_SIZE(regs) <= group1 ||
            PyTuple_GET_SIZE(regs) <= group2) {
            if (regs != NULL && !PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "unexpected Match.regs");
            Py_XDECREF(regs);
            rc = -1;
            break;
        }
        int keep = 1;
        Span g;
        if (group1 > 0) {
            /* month = m.group("m1") or m.group("m2"); keep if None or month.lower() in set */
            rc = reg_span(regs, group1, &g);
            if (rc == 0 && g.a < 0 && group2 > 0)
                rc = reg_span(regs, group2, &g);
            if (rc == 0 && g.a >= 0) {
                unsigned f;
                rc = lower_flags(self, L, line, g, &f);
                keep = (f & flag) != 0;
            }
        }
        if (rc == 0 && keep) {
            if (*n == MAXSPAN)
                rc = -2;
            else
                rc = reg_span(regs, 0, &spans[(*n)++]);
        }
        Py_DECREF(regs);
    }
    Py_DECREF(iter);
    if (rc == 0 && PyErr_Occurred())
        rc = -1;
    return rc;
}

static int
span_cmp(const void *x, const void *y)
{
    const Span *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return 0;
}

#define CHECK(expr)                                                                       \
    do {                                                                                  \
        int rc_ = (expr);                                                                 \
        if (rc_ == -2)                                                                    \
            goto fallback;                                                                \
        if (rc_ < 0)                                                                      \
            goto error;                                                                   \
    } while (0)

/* An author cue with this name (stolen), or `otherwise` when the name is None. */
static PyObject *
author_or(Classifier *self, PyObject *name, PyObject *otherwise)
{
    if (name == NULL)
        return NULL;
    if (name == Py_None) {
        Py_DECREF(name);
        if (otherwise)
            Py_INCREF(otherwise);
        else
            Py_INCREF(Py_None);
        return otherwise ? otherwise : Py_None;
    }
    PyObject *cue = make_cue(self, S_AUTHOR, name, 0, NULL);
    Py_DECREF(name);
    return cue;
}

/* cues._meta_line(line, p, (low, tokens, lead)): a Cue, None, FALLBACK or NULL. */
static PyObject *
meta_line(Classifier *self, PyObject *line, const View *L, int ascii, const View *low,
          const Span *tokens, int ntok, const HeadMemo *memo, PyObject *lead)
{
    PyObject *by = NULL, *result = NULL;
    Span spans[MAXSPAN];
    int nspans = 0;
    /* if "http" in line or "www." in line: return None */
    if (contains_ascii(L, "http") || contains_ascii(L, "www."))
        Py_RETURN_NONE;

    /* _date_matches: words = set(map(str.strip, tokens, repeat(_DATE_STRIP))) */
    unsigned wflags = 0;
    for (int k = 0; k < ntok; k++) {
        Span s = tokens[k];
        strip_span(low, &CS_DATE, &s);
        wflags |= token_flags(self, low, memo, k, s);
    }
    if (!(wflags & W_MONTH)) {
        if (self->own_numeric_date)
            CHECK(scan(L, numeric_date_at, spans, &nspans));
        else if (numeric_date_possible(L))
            CHECK(collect(self, self->numeric_date_finditer, line, L, 0, 0, 0, spans,
                          &nspans));
    }
    else if (self->own_date)
        CHECK(scan_dates(self, line, L, spans, &nspans));
    else
        CHECK(collect(self, self->date_finditer, line, L, self->date_m1, self->date_m2, W_MONTH,
                      spans, &nspans));
    if ((wflags & W_TUNIT) && ((wflags & W_REL) || relative_phrase_in(self, low)))
        CHECK(collect(self, self->reldate_finditer, line, L, self->reldate_unit, 0, W_TUNIT,
                      spans, &nspans));
    int ndates = nspans;
    /* times = list(p.time.finditer(line)) */
    if (self->own_time)
        CHECK(scan(L, time_at, spans, &nspans));
    else if (time_possible(L))
        CHECK(collect(self, self->time_finditer, line, L, 0, 0, 0, spans, &nspans));
    /* by = p.comment_by.match(line) if lead in p.comment_by_first else None */
    int first_by = PySet_Contains(self->comment_by_first, lead);
    CHECK(first_by);
    if (first_by) {
        by = PyObject_CallOneArg(self->comment_by_match, line);
        if (by == NULL)
            goto error;
        if (by == Py_None)
            Py_CLEAR(by);
    }
    /* says = _says(line, p): matched here on an ASCII line without "\n" (the answer
     * of p.says.match, which _says gives or skips only when it is None), else by the
     * regex; kept as the spans of its groups name and rest */
    int says = 0;
    Span says_name = {0, 0}, says_rest = {0, 0};
    if (self->says_c && ascii && memchr(L->data, '\n', (size_t)L->len) == NULL)
        says = says_c_match(self, L, &says_name, &says_rest);
    else if (self->says_c ? says_maybe(self, L) : says_possible(self, L, ascii)) {
        PyObject *m = says_match(self, line, L);
        if (m == NULL)
            goto error;
        if (m != Py_None) {
            says = 1;
            int rc = match_span(m, S_NAME, &says_name);
            if (rc == 0)
                rc = match_span(m, S_REST, &says_rest);
            Py_DECREF(m);
            CHECK(rc);
        }
        else
            Py_DECREF(m);
    }

    if (nspans == 0) {
        if (says) {
            /* if says is not None and not says.group("rest").strip(): */
            Span rest = says_rest, nm = says_name;
            int blank = 1;
            for (Py_ssize_t i = rest.a; i < rest.b && blank; i++)
                blank = is_space(vget(L, i));
            if (blank) {
                Span tok[MAXSPAN];
                int nt;
                CHECK(nt = split_segments(L, &nm, 1, NULL, tok));
                result = author_or(self, trim_name(self, L, line, tok, nt), Py_None);
                goto done;
            }
        }
        if (by != NULL) {
            /* if by is not None and by.group("rest") is None: */
            Span rest, nm;
            CHECK(match_span(by, S_REST, &rest));
            if (rest.a < 0) {
                CHECK(match_span(by, S_NAME, &nm));
                Span tok[MAXSPAN];
                int nt;
                CHECK(nt = split_segments(L, &nm, 1, NULL, tok));
                result = author_or(self, trim_name(self, L, line, tok, nt), Py_None);
                goto done;
            }
        }
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    /* spans = sorted(m.span() for m in dates + times); head = line[:first]; tail_parts */
    qsort(spans, (size_t)nspans, sizeof(Span), span_cmp);
    Py_ssize_t first = spans[0].a, pos = first;
    Span tail[MAXSPAN + 1];
    int ntail = 0;
    for (int k = 0; k < nspans; k++) {
        if (spans[k].a > pos) {
            tail[ntail].a = pos;
            tail[ntail++].b = spans[k].a;
        }
        if (spans[k].b > pos)
            pos = spans[k].b;
    }
    tail[ntail].a = pos;
    tail[ntail++].b = L->len;
    Span head = {0, first};
    int says_head = 0;
    if (says) {
        /* if says is not None and says.end("name") <= first: head = says.group("name") */
        Span nm = says_name;
        if (nm.b <= first) {
            head = nm;
            says_head = 1;
        }
    }
    if (!says_head && by != NULL) {
        /* elif by is not None: head = p.comment_by_prefix.sub("", head, count=1); the
         * pattern is anchored at the start, so that drops its match on line[:first] */
        PyObject *m = PyObject_CallFunction(self->comment_by_prefix_match, "Onn", line,
                                            (Py_ssize_t)0, first);
        if (m == NULL)
            goto error;
        Span pm = {0, 0};
        int rc = m == Py_None ? 0 : match_span(m, NULL, &pm);
        Py_DECREF(m);
        CHECK(rc);
        head.a = pm.b;
    }
    Span head_words[MAXSPAN], tail_words[MAXSPAN];
    int head_alpha, tail_alpha, nhead, ntailw;
    CHECK(nhead = leftover(self, L, line, &head, 1, head_words, &head_alpha));
    CHECK(ntailw = leftover(self, L, line, tail, ntail, tail_words, &tail_alpha));
    /* by_tail = _tail_name(tail, p) if dates and not head_words else None */
    if (ndates && nhead == 0) {
        Span tt[MAXSPAN];
        int nt;
        CHECK(nt = split_segments(L, tail, ntail, NULL, tt));
        for (int k = 0; k + 1 < nt; k++) {
            unsigned f;
            CHECK(lower_flags(self, L, line, tt[k], &f));
            if (f & W_BY) {
                PyObject *name = trim_name(self, L, line, tt + k + 1, nt - k - 1);
                if (name == NULL)
                    goto error;
                if (name != Py_None) {
                    result = author_or(self, name, NULL);
                    goto done;
                }
                Py_DECREF(name);
                break;
            }
        }
    }
    if (ntailw > (ndates ? 2 : 0))
        goto none;
    if (!ndates && nhead && !says && by == NULL) {
        /* glued = len(head_words) == 1 and head[-1:] not in ("", " ", ":") */
        int glued = 0;
        if (nhead == 1 && head.b > head.a) {
            Py_UCS4 last = vget(L, head.b - 1);
            glued = last != ' ' && last != ':';
        }
        if (!glued || ntailw)
            goto none;
    }
    if (nhead > META_MAX_NAME_WORDS)
        goto none;
    if (nhead && !head_alpha)
        goto none;
    if (nhead) {
        Span tok[MAXSPAN];
        int nt;
        CHECK(nt = split_segments(L, &head, 1, NULL, tok));
        result = author_or(self, trim_name(self, L, line, tok, nt), self->c_date);
    }
    else
        result = plain(self->c_date);
    goto done;
none:
    result = Py_None;
    Py_INCREF(result);
    goto done;
fallback:
    result = FALLBACK;
    goto done;
error:
    result = NULL;
done:
    Py_XDECREF(by);
    return result;
}

#endif /* BLOGWASH_META_H */
