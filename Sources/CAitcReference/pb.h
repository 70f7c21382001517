/*
 * pb.h — a bounds-checked reader for the protobuf wire format (the subset ONNX uses).
 * Every function returns 0 on success and -1 on malformed input; nothing reads past `end`.
 */
#ifndef REF_PB_H
#define REF_PB_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
} pb_buf;

enum { PB_VARINT = 0, PB_FIXED64 = 1, PB_LEN = 2, PB_FIXED32 = 5 };

int pb_varint(pb_buf *b, uint64_t *v);
/* Reads a field tag; fails on field number 0 and on group wire types (3, 4) and unknown ones. */
int pb_tag(pb_buf *b, uint32_t *field, int *wt);
int pb_fixed32(pb_buf *b, uint32_t *v);
int pb_fixed64(pb_buf *b, uint64_t *v);
/* Reads a length-delimited payload into sub. */
int pb_len(pb_buf *b, pb_buf *sub);
int pb_skip(pb_buf *b, int wt);
/* Copies a length-delimited string into a fresh NUL-terminated malloc'd buffer (embedded NULs refused). */
int pb_string(pb_buf *b, char **out);

/* Appends the values of a repeated int64/int32 (varint) or float (fixed32) field, packed or not. */
typedef struct {
    void *v;
    size_t n, cap, elem;
} pb_vec;
int pb_vec_push(pb_vec *a, const void *elem);
int pb_rep_varint(pb_buf *b, int wt, pb_vec *a);  /* elem = 8 (int64) */
int pb_rep_fixed32(pb_buf *b, int wt, pb_vec *a); /* elem = 4 (float bits) */
int pb_rep_fixed64(pb_buf *b, int wt, pb_vec *a); /* elem = 8 */

#endif
