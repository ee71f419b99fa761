// The body of every kernel, included once per variant by Kernels.c with
// LK_ATTRIBUTES (the target attribute), LK_NAME (the suffix) and LK_MULADD
// (fused or not) defined. No include guard: it is meant to be included twice.

#include "affinity_body.h"
#include "iteration_body.h"
#include "dense_body.h"
