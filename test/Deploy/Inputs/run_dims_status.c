/* Calls model_run_dims (test/Runtime/Inputs/shape-checks.mlir compiled by
 * mini-compile) with sizes and arenas it must refuse before anything runs,
 * and prints each status: 2 for a size past its bound or below 1, 1 for a
 * misaligned arena, 3 + k for shape check k (the Gemm's K of 6 against
 * k = 4). Exit status 0 when every status is the expected one. */
#include "model.h"

#include <stdio.h>

static _Alignas(MODEL_ARENA_ALIGNMENT) unsigned char
    arena[MODEL_ARENA_BYTES + MODEL_ARENA_ALIGNMENT];
static float a[6 * 3], b[8 * 4], c[8 * 4], y[3 * 4], s[8 * 4];

static int expect(const char *what, int status, int expected) {
  printf("%s: %d\n", what, status);
  return status != expected;
}

int main(void) {
  const void *inputs[3] = {a, b, c};
  void *outputs[2] = {y, s};
  void *arenas[1] = {arena};
  void *misaligned[1] = {arena + 1};
  int64_t past[2] = {9, 6}, zero[2] = {6, 0}, fine[2] = {6, 6}, k4[2] = {4, 4};
  int failed = 0;
  failed |= expect("k = 9 (bound 8)", model_run_dims(arenas, past, inputs, outputs), 2);
  failed |= expect("m = 0", model_run_dims(arenas, zero, inputs, outputs), 2);
  failed |= expect("misaligned arena",
                   model_run_dims(misaligned, fine, inputs, outputs), 1);
  int status = model_run_dims(arenas, k4, inputs, outputs);
  failed |= expect("k = m = 4", status >= 3, 1);
  if (status >= 3)
    printf("check: %s\n", MODEL_SHAPE_CHECKS[status - 3]);
  failed |= expect("k = m = 6", model_run_dims(arenas, fine, inputs, outputs), 0);
  return failed;
}
