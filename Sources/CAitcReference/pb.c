/* pb.c — bounds-checked protobuf wire-format reader. */
#include "pb.h"

#include <stdlib.h>
#include <string.h>

int pb_varint(pb_buf *b, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (b->p >= b->end) return -1;
        uint8_t c = *b->p++;
        if (shift == 63 && (c & 0x7e)) return -1; /* more than 64 bits */
        r |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

int pb_tag(pb_buf *b, uint32_t *field, int *wt)
{
    uint64_t t;
    if (pb_varint(b, &t)) return -1;
    if ((t >> 3) == 0 || (t >> 3) > 0x1fffffff) return -1;
    int w = (int)(t & 7);
    if (w != PB_VARINT && w != PB_FIXED64 && w != PB_LEN && w != PB_FIXED32) return -1;
    *field = (uint32_t)(t >> 3);
    *wt = w;
    return 0;
}

int pb_fixed32(pb_buf *b, uint32_t *v)
{
    if (b->end - b->p < 4) return -1;
    *v = (uint32_t)b->p[0] | (uint32_t)b->p[1] << 8 | (uint32_t)b->p[2] << 16 | (uint32_t)b->p[3] << 24;
    b->p += 4;
    return 0;
}

int pb_fixed64(pb_buf *b, uint64_t *v)
{
    uint32_t lo, hi;
    if (pb_fixed32(b, &lo) || pb_fixed32(b, &hi)) return -1;
    *v = (uint64_t)hi << 32 | lo;
    return 0;
}

int pb_len(pb_buf *b, pb_buf *sub)
{
    uint64_t n;
    if (pb_varint(b, &n)) return -1;
    if (n > (uint64_t)(b->end - b->p)) return -1;
    sub->p = b->p;
    sub->end = b->p + n;
    b->p += n;
    return 0;
}

int pb_skip(pb_buf *b, int wt)
{
    uint64_t v;
    pb_buf s;
    switch (wt) {
    case PB_VARINT: return pb_varint(b, &v);
    case PB_FIXED64: return pb_fixed64(b, &v);
    case PB_FIXED32: {
        uint32_t u;
        return pb_fixed32(b, &u);
    }
    case PB_LEN: return pb_len(b, &s);
    default: return -1;
    }
}

int pb_string(pb_buf *b, char **out)
{
    pb_buf s;
    if (pb_len(b, &s)) return -1;
    size_t n = (size_t)(s.end - s.p);
    if (n && memchr(s.p, 0, n)) return -1;
    char *c = malloc(n + 1);
    if (!c) return -1;
    if (n) memcpy(c, s.p, n);
    c[n] = 0;
    free(*out); /* a repeated singular field: last one wins */
    *out = c;
    return 0;
}

int pb_vec_push(pb_vec *a, const void *elem)
{
    if (a->n == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 8;
        if (nc > (SIZE_MAX / 2) / a->elem) return -1;
        void *nv = realloc(a->v, nc * a->elem);
        if (!nv) return -1;
        a->v = nv;
        a->cap = nc;
    }
    memcpy((char *)a->v + a->n * a->elem, elem, a->elem);
    a->n++;
    return 0;
}

int pb_rep_varint(pb_buf *b, int wt, pb_vec *a)
{
    uint64_t v;
    if (wt == PB_VARINT) {
        if (pb_varint(b, &v)) return -1;
        return pb_vec_push(a, &v);
    }
    if (wt != PB_LEN) return -1;
    pb_buf s;
    if (pb_len(b, &s)) return -1;
    while (s.p < s.end) {
        if (pb_varint(&s, &v) || pb_vec_push(a, &v)) return -1;
    }
    return 0;
}

int pb_rep_fixed32(pb_buf *b, int wt, pb_vec *a)
{
    uint32_t v;
    if (wt == PB_FIXED32) {
        if (pb_fixed32(b, &v)) return -1;
        return pb_vec_push(a, &v);
    }
    if (wt != PB_LEN) return -1;
    pb_buf s;
    if (pb_len(b, &s)) return -1;
    if ((s.end - s.p) % 4) return -1;
    while (s.p < s.end) {
        if (pb_fixed32(&s, &v) || pb_vec_push(a, &v)) return -1;
    }
    return 0;
}

int pb_rep_fixed64(pb_buf *b, int wt, pb_vec *a)
{
    uint64_t v;
    if (wt == PB_FIXED64) {
        if (pb_fixed64(b, &v)) return -1;
        return pb_vec_push(a, &v);
    }
    if (wt != PB_LEN) return -1;
    pb_buf s;
    if (pb_len(b, &s)) return -1;
    if ((s.end - s.p) % 8) return -1;
    while (s.p < s.end) {
        if (pb_fixed64(&s, &v) || pb_vec_push(a, &v)) return -1;
    }
    return 0;
}
