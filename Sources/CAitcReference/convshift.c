/*
 * convshift.c — stride-1 convolutions with few taps (1x3, 3x1, 3x3, ...) on small planes, without
 * im2col: the input is copied once into a zero-padded plane, and for each tap (ky, kx) the padded plane
 * read from offset ky*Wp + kx IS the tap's column matrix over a grid of positions Wp wide
 * (row stride = one padded plane). So the convolution is one GEMM per tap, accumulating into an output
 * on that grid, whose OW real columns of each row are then copied out. Reading C*Hp*Wp floats per tap
 * instead of unfolding C*kh*kw*OH*OW halves the data moved for a 1x3 layer and keeps it in cache.
 * Used where the grid output and the padded plane stay small (cache-sized) and B can be read in place.
 */
#include <string.h>

#include "ref_internal.h"

#define SHIFT_MAX_PLANE_FLOATS ((int64_t)1 << 18) /* padded input, all channels: 1 MB */
#define SHIFT_MAX_GRID_FLOATS ((int64_t)1 << 17)  /* output on the padded grid: 512 KB */
#define SHIFT_MAX_M 96                            /* the GEMM reads B in place up to this many rows */

static int64_t align16(int64_t n) { return (n + 15) / 16 * 16; }

int ref_conv_shifted_fits(const ref_conv_p *p)
{
    const int64_t Hp = p->H + p->pt + p->pb, Wp = p->W + p->pl + p->pr, grid = (p->OH - 1) * Wp + p->OW;
    return p->group == 1 && p->sh == 1 && p->sw == 1 && p->dh == 1 && p->dw == 1 && p->kh * p->kw >= 2 && p->kh * p->kw <= 9 &&
           p->M <= SHIFT_MAX_M && p->C * Hp * Wp <= SHIFT_MAX_PLANE_FLOATS && p->M * grid <= SHIFT_MAX_GRID_FLOATS &&
           p->OH == Hp - p->kh + 1 && p->OW == Wp - p->kw + 1;
}

size_t ref_conv_shifted_scratch(const ref_conv_p *p)
{
    const int64_t Hp = p->H + p->pt + p->pb, Wp = p->W + p->pl + p->pr, grid = (p->OH - 1) * Wp + p->OW;
    return (size_t)(align16(p->C * Hp * Wp) + p->M * grid) * sizeof(float);
}

typedef struct {
    const ref_exec *x;
    const ref_node *n;
    const ref_conv_p *p;
    const float *W, *bias, *xp;
    float *out;
    int64_t Hp, Wp, grid, unit;
} shift_ctx;

/* Grid columns [u0*unit, u1*unit): every tap's product for those columns on this thread, so the
 * accumulating output stays in this core's cache across the taps. */
static void shift_task(void *arg, int64_t u0, int64_t u1, int tid)
{
    const shift_ctx *c = arg;
    const ref_conv_p *p = c->p;
    const ref_node *n = c->n;
    const int64_t taps = p->kh * p->kw, j0 = u0 * c->unit, j1 = u1 * c->unit < c->grid ? u1 * c->unit : c->grid;
    if (j0 >= j1) return;
    for (int64_t t = 0; t < taps; t++) {
        const int64_t ky = t / p->kw, kx = t % p->kw;
        ref_gemm_args a;
        memset(&a, 0, sizeof a);
        a.M = p->M; a.N = j1 - j0; a.K = p->C;
        a.A = c->W + t; a.rsa = p->C * taps; a.csa = taps; /* W[m][c][ky][kx] */
        a.B = c->xp + ky * c->Wp + kx + j0; a.rsb = c->Hp * c->Wp; a.csb = 1;
        a.C = c->out + j0; a.ldc = c->grid;
        a.alpha = 1.0f;
        a.accumulate = t > 0;
        if (t == taps - 1) {
            a.bias_row = c->bias;
            a.act = n->act; a.act_min = n->act ? n->act_min : 0.0f; a.act_max = n->act ? n->act_max : 0.0f;
        }
        ref_sgemm_st(&a, c->x->tbuf[tid]);
    }
}

void ref_conv_shifted(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                      float *Y, float *scratch)
{
    const int64_t Hp = p->H + p->pt + p->pb, Wp = p->W + p->pl + p->pr, grid = (p->OH - 1) * Wp + p->OW;
    const int64_t ohw = p->OH * p->OW;
    float *xp = scratch, *out = scratch + align16(p->C * Hp * Wp);
    memset(xp, 0, (size_t)(p->C * Hp * Wp) * sizeof(float));
    for (int64_t b = 0; b < p->N; b++) {
        const float *xb = X + b * p->C * p->H * p->W;
        for (int64_t c = 0; c < p->C; c++) /* the border stays zero from the memset */
            for (int64_t iy = 0; iy < p->H; iy++)
                memcpy(xp + (c * Hp + iy + p->pt) * Wp + p->pl, xb + (c * p->H + iy) * p->W, (size_t)p->W * sizeof(float));
        shift_ctx c = {x, n, p, W, bias, xp, out, Hp, Wp, grid, 32};
        const int64_t units = (grid + c.unit - 1) / c.unit;
        if (x->threads && units >= 2 && p->M * grid * p->C * p->kh * p->kw >= REF_PAR_MIN_WORK)
            ref_threads_run(x->threads, units, shift_task, &c);
        else
            shift_task(&c, 0, units, 0);
        float *yb = Y + b * p->M * ohw;
        for (int64_t m = 0; m < p->M; m++)
            for (int64_t oy = 0; oy < p->OH; oy++)
                memcpy(yb + m * ohw + oy * p->OW, out + m * grid + oy * Wp, (size_t)p->OW * sizeof(float));
    }
}
