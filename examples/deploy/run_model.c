/* run_model.c: runs a model compiled by mini-compile, in plain C (C11).
 *
 *   mini-compile model.onnx -o model.o --header model.h --prefix model
 *   cc -O2 -I. run_model.c model.o -lm -o run_model
 *   ./run_model input0.npy ... output0.npy ...
 *
 * The inputs are read from .npy files (their descr and shape must be the
 * model's; a dynamic dimension takes any size up to its bound, the same in
 * every input that has it, and the run gets the sizes: model_run_dims),
 * the model runs once, the outputs are written as .npy. The
 * arena is a static array of exactly MODEL_ARENA_BYTES bytes, aligned as the
 * header says: the program needs no heap for the model. A model planned over
 * several memories (--plan-options="memories=sram:262144,dram") gets one
 * arena per memory, of MODEL_MEMORY_BYTES[m] bytes each.
 *
 * Checks, chosen when building:
 *   -DCHECK_NO_HEAP with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 *     --wrap=free: any allocator call during model_run is an error (exit 3).
 *   -DHEAP_ARENA: each arena is instead a heap block of exactly its bytes,
 *     so that AddressSanitizer (-fsanitize=address) reports any access
 *     outside it.
 * Exit status: 0, or 1 for bad arguments or files, 2 when the run fails. */
#define _POSIX_C_SOURCE 200112L /* posix_memalign */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CHECK_NO_HEAP
static int in_run;
static int heap_calls;
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void __real_free(void *pointer);
void *__wrap_malloc(size_t size) {
  heap_calls += in_run;
  return __real_malloc(size);
}
void *__wrap_calloc(size_t count, size_t size) {
  heap_calls += in_run;
  return __real_calloc(count, size);
}
void *__wrap_realloc(void *pointer, size_t size) {
  heap_calls += in_run;
  return __real_realloc(pointer, size);
}
void __wrap_free(void *pointer) {
  heap_calls += in_run;
  __real_free(pointer);
}
#endif

#ifndef HEAP_ARENA
static _Alignas(MODEL_ARENA_ALIGNMENT) unsigned char
    arena_storage[MODEL_ARENA_BYTES > 0 ? MODEL_ARENA_BYTES : 1];
#endif

/* The .npy header's dict for `descr` and `shape`, as NumPy writes it. */
static void format_dict(char *dict, size_t size, const char *descr, int rank,
                        const int64_t *shape) {
  int at = snprintf(dict, size, "{'descr': '%s', 'fortran_order': False, "
                                "'shape': (", descr);
  for (int d = 0; d < rank && at < (int)size; ++d)
    at += snprintf(dict + at, size - at, d + 1 < rank || rank > 1 ? "%lld, "
                                                                  : "%lld,",
                   (long long)shape[d]);
  if (at >= (int)size)
    at = (int)size - 1;
  if (rank > 1)
    at -= 2; /* no trailing ", " after the last of several */
  snprintf(dict + at, size - at, "), }");
}

/* Reads `path`, a .npy file of input `i`, into a new heap block `*data`:
 * its descr and order must be the model's, its rank and static dimensions
 * too; its dynamic dimensions' sizes go to dims[] (-1: not seen yet), and
 * must agree with the other inputs'. */
static int read_npy(const char *path, int i, void **data, int64_t *dims) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "run_model: cannot open '%s'\n", path);
    return 1;
  }
  unsigned char magic[8];
  unsigned char length[4] = {0, 0, 0, 0};
  int ok = fread(magic, 1, 8, file) == 8 && !memcmp(magic, "\x93NUMPY", 6) &&
           magic[6] >= 1 && magic[6] <= 3;
  size_t header = 0;
  if (ok) {
    size_t width = magic[6] == 1 ? 2 : 4;
    ok = fread(length, 1, width, file) == width;
    header = length[0] | (size_t)length[1] << 8 | (size_t)length[2] << 16 |
             (size_t)length[3] << 24;
    ok = ok && header < 65536;
  }
  static char text[65536];
  char expected[1024];
  ok = ok && fread(text, 1, header, file) == header;
  if (!ok) {
    fprintf(stderr, "run_model: '%s' is not a .npy file\n", path);
    fclose(file);
    return 1;
  }
  text[header] = 0;
  while (header > 0 && (text[header - 1] == ' ' || text[header - 1] == '\n'))
    text[--header] = 0;
  /* The file's shape: its rank, static sizes and dynamic sizes. */
  int rank = MODEL_INPUT_RANKS[i];
  int64_t shape[16];
  const char *at = strstr(text, "'shape': (");
  int found = 0;
  for (at = at ? at + 10 : NULL; at && *at != ')' && found < 16; ++found) {
    char *end;
    long long size = strtoll(at, &end, 10);
    if (end == at)
      break;
    shape[found] = size;
    at = end + (*end == ',') + (end[*end == ','] == ' ');
  }
  ok = found == rank;
  for (int d = 0; ok && d < rank; ++d) {
    int dim = MODEL_INPUT_DIMS[i][d];
    if (dim < 0)
      ok = shape[d] == MODEL_INPUT_SHAPES[i][d];
    else if (shape[d] < 1 || shape[d] > MODEL_DIM_BOUNDS[dim])
      ok = 0; /* outside [1, bound]: reported below with the bound */
    else if (dims[dim] < 0)
      dims[dim] = shape[d];
    else
      ok = dims[dim] == shape[d];
  }
  format_dict(expected, sizeof expected, MODEL_INPUT_NPY_DESCRS[i], rank,
              ok ? shape : MODEL_INPUT_SHAPES[i]);
  ok = ok && !strcmp(text, expected);
  if (!ok) {
    fprintf(stderr, "run_model: '%s' holds %s, the model takes %s", path, text,
            expected);
    for (int d = 0; d < rank; ++d)
      if (MODEL_INPUT_DIMS[i][d] >= 0)
        fprintf(stderr, " (dimension %d: '%s' <= %lld)", d,
                MODEL_DIM_NAMES[MODEL_INPUT_DIMS[i][d]],
                (long long)MODEL_DIM_BOUNDS[MODEL_INPUT_DIMS[i][d]]);
    fprintf(stderr, "\n");
    fclose(file);
    return 1;
  }
  size_t bytes = MODEL_INPUT_ELEMENT_BYTES[i];
  for (int d = 0; d < rank; ++d)
    bytes *= (size_t)shape[d];
  if (!(*data = malloc(bytes ? bytes : 1))) {
    fprintf(stderr, "run_model: no memory for '%s' (%zu bytes)\n", path,
            bytes);
    fclose(file);
    return 1;
  }
  ok = fread(*data, 1, bytes, file) == bytes && fgetc(file) == EOF;
  if (!ok)
    fprintf(stderr, "run_model: '%s' is shorter or longer than its shape\n",
            path);
  fclose(file);
  return !ok;
}

/* Writes `bytes` bytes of `data` to `path` as a .npy file (version 1.0). */
static int write_npy(const char *path, const void *data, size_t bytes,
                     const char *descr, int rank, const int64_t *shape) {
  char dict[1024];
  format_dict(dict, sizeof dict, descr, rank, shape);
  size_t length = strlen(dict);
  size_t padded = (10 + length + 1 + 63) / 64 * 64 - 10;
  FILE *file = fopen(path, "wb");
  if (!file) {
    fprintf(stderr, "run_model: cannot write '%s'\n", path);
    return 1;
  }
  unsigned char prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                              (unsigned char)(padded & 0xff),
                              (unsigned char)(padded >> 8)};
  int ok = fwrite(prefix, 1, 10, file) == 10 &&
           fwrite(dict, 1, length, file) == length;
  for (size_t i = length; ok && i + 1 < padded; ++i)
    ok = fputc(' ', file) != EOF;
  ok = ok && fputc('\n', file) != EOF && fwrite(data, 1, bytes, file) == bytes;
  ok = !fclose(file) && ok;
  return !ok;
}

int main(int argc, char **argv) {
  if (argc != 1 + MODEL_NUM_INPUTS + MODEL_NUM_OUTPUTS) {
    fprintf(stderr, "usage: %s <%d input .npy> <%d output .npy>\n", argv[0],
            MODEL_NUM_INPUTS, MODEL_NUM_OUTPUTS);
    return 1;
  }
  /* Every block is freed at the end, on every path (`exit_status`). */
  int exit_status = 1;
  const void *inputs[MODEL_NUM_INPUTS > 0 ? MODEL_NUM_INPUTS : 1] = {0};
  void *outputs[MODEL_NUM_OUTPUTS > 0 ? MODEL_NUM_OUTPUTS : 1] = {0};
  /* One arena, or one per memory (the header's MODEL_NUM_MEMORIES): each a
   * block of exactly its bytes on the heap with HEAP_ARENA, else
   * consecutive parts of the static array (on a device, each memory's
   * arena would be placed in its own section). */
  enum { NUM_ARENAS = MODEL_NUM_MEMORIES };
  void *arenas[NUM_ARENAS] = {0};
  /* The sizes of the dynamic dimensions, from the inputs' shapes. */
  int64_t dims[MODEL_NUM_DIMS > 0 ? MODEL_NUM_DIMS : 1];
  for (int k = 0; k < MODEL_NUM_DIMS; ++k)
    dims[k] = -1;
  for (int i = 0; i < MODEL_NUM_INPUTS; ++i) {
    void *data = NULL;
    int failed = read_npy(argv[1 + i], i, &data, dims);
    inputs[i] = data;
    if (failed)
      goto done;
  }
  for (int i = 0; i < MODEL_NUM_OUTPUTS; ++i) {
    size_t bytes = model_shape(1, i, dims, NULL);
    if (MODEL_OUTPUT_RANKS[i] > 16 ||
        !(outputs[i] = malloc(bytes ? bytes : 1))) {
      fprintf(stderr, "run_model: no memory for output %d (%zu bytes)\n", i,
              bytes);
      goto done;
    }
  }
#ifdef HEAP_ARENA
  for (int m = 0; m < NUM_ARENAS; ++m)
    if (posix_memalign(&arenas[m], MODEL_ARENA_ALIGNMENT,
                       MODEL_MEMORY_BYTES[m] > 0 ? MODEL_MEMORY_BYTES[m] : 1)) {
      arenas[m] = NULL;
      goto done;
    }
#else
  size_t at = 0;
  for (int m = 0; m < NUM_ARENAS; ++m) {
    arenas[m] = arena_storage + at;
    at += MODEL_MEMORY_BYTES[m];
  }
#endif
#ifdef CHECK_NO_HEAP
  in_run = 1;
#endif
  int status = model_run_dims(arenas, dims, inputs, outputs);
#ifdef CHECK_NO_HEAP
  in_run = 0;
  if (heap_calls) {
    fprintf(stderr, "run_model: %d allocator calls during model_run\n",
            heap_calls);
    exit_status = 3;
    goto done;
  }
#endif
  if (status) {
    fprintf(stderr, "run_model: model_run_dims failed (%d): %s\n", status,
            status >= 3 && status - 3 < MODEL_NUM_SHAPE_CHECKS
                          ? MODEL_SHAPE_CHECKS[status - 3]
            : status >= 3 ? "a shape check failed"
            : status == 1 ? "an arena is misaligned"
                          : "a dynamic size is outside [1, its bound]");
    exit_status = 2;
    goto done;
  }
  for (int i = 0; i < MODEL_NUM_OUTPUTS; ++i) {
    int64_t shape[16];
    size_t bytes = model_shape(1, i, dims, shape);
    if (write_npy(argv[1 + MODEL_NUM_INPUTS + i], outputs[i], bytes,
                  MODEL_OUTPUT_NPY_DESCRS[i], MODEL_OUTPUT_RANKS[i], shape)) {
      fprintf(stderr, "run_model: cannot write '%s'\n",
              argv[1 + MODEL_NUM_INPUTS + i]);
      goto done;
    }
  }
  printf("run_model: arena %llu bytes (alignment %llu)\n",
         (unsigned long long)MODEL_ARENA_BYTES,
         (unsigned long long)MODEL_ARENA_ALIGNMENT);
  exit_status = 0;
done:
  for (int i = 0; i < MODEL_NUM_INPUTS; ++i)
    free((void *)inputs[i]);
  for (int i = 0; i < MODEL_NUM_OUTPUTS; ++i)
    free(outputs[i]);
#ifdef HEAP_ARENA
  for (int m = 0; m < NUM_ARENAS; ++m)
    free(arenas[m]);
#endif
  return exit_status;
}
