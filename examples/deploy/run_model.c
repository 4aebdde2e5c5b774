/* run_model.c: runs a model compiled by mini-compile, in plain C (C11).
 *
 *   mini-compile model.onnx -o model.o --header model.h --prefix model
 *   cc -O2 -I. run_model.c model.o -lm -o run_model
 *   ./run_model input0.npy ... output0.npy ...
 *
 * The inputs are read from .npy files (their descr and shape must be the
 * model's), the model runs once, the outputs are written as .npy. The
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

/* Reads `path`, a .npy file of `bytes` bytes of data, checking its descr,
 * order and shape against the model's. */
static int read_npy(const char *path, void *data, size_t bytes,
                    const char *descr, int rank, const int64_t *shape) {
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
  char text[65536], expected[1024];
  ok = ok && fread(text, 1, header, file) == header;
  if (ok) {
    text[header] = 0;
    while (header > 0 && (text[header - 1] == ' ' || text[header - 1] == '\n'))
      text[--header] = 0;
    format_dict(expected, sizeof expected, descr, rank, shape);
    ok = !strcmp(text, expected);
    if (!ok)
      fprintf(stderr, "run_model: '%s' holds %s, the model takes %s\n", path,
              text, expected);
  } else {
    fprintf(stderr, "run_model: '%s' is not a .npy file\n", path);
  }
  ok = ok && fread(data, 1, bytes, file) == bytes && fgetc(file) == EOF;
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
  const void *inputs[MODEL_NUM_INPUTS > 0 ? MODEL_NUM_INPUTS : 1];
  void *outputs[MODEL_NUM_OUTPUTS > 0 ? MODEL_NUM_OUTPUTS : 1];
  for (int i = 0; i < MODEL_NUM_INPUTS; ++i) {
    void *data = malloc(MODEL_INPUT_BYTES[i] ? MODEL_INPUT_BYTES[i] : 1);
    if (!data || read_npy(argv[1 + i], data, MODEL_INPUT_BYTES[i],
                          MODEL_INPUT_NPY_DESCRS[i], MODEL_INPUT_RANKS[i],
                          MODEL_INPUT_SHAPES[i]))
      return 1;
    inputs[i] = data;
  }
  for (int i = 0; i < MODEL_NUM_OUTPUTS; ++i)
    if (!(outputs[i] = malloc(MODEL_OUTPUT_BYTES[i] ? MODEL_OUTPUT_BYTES[i]
                                                    : 1)))
      return 1;
  /* One arena, or one per memory (the header's MODEL_NUM_MEMORIES, when
   * the model was planned over several): each a block of exactly its bytes
   * on the heap with HEAP_ARENA, else consecutive parts of the static
   * array (on a device, each memory's arena would be placed in its own
   * section). */
#ifdef MODEL_NUM_MEMORIES
  enum { NUM_ARENAS = MODEL_NUM_MEMORIES };
  const size_t *arena_bytes = MODEL_MEMORY_BYTES;
#else
  enum { NUM_ARENAS = 1 };
  const size_t arena_bytes[1] = {MODEL_ARENA_BYTES};
#endif
  void *arenas[NUM_ARENAS];
#ifdef HEAP_ARENA
  for (int m = 0; m < NUM_ARENAS; ++m)
    if (posix_memalign(&arenas[m], MODEL_ARENA_ALIGNMENT,
                       arena_bytes[m] > 0 ? arena_bytes[m] : 1))
      return 1;
#else
  size_t at = 0;
  for (int m = 0; m < NUM_ARENAS; ++m) {
    arenas[m] = arena_storage + at;
    at += arena_bytes[m];
  }
#endif
#ifdef CHECK_NO_HEAP
  in_run = 1;
#endif
#ifdef MODEL_NUM_MEMORIES
  int status = model_run_memories(arenas, inputs, outputs);
#else
  int status = model_run(arenas[0], inputs, outputs);
#endif
#ifdef CHECK_NO_HEAP
  in_run = 0;
  if (heap_calls) {
    fprintf(stderr, "run_model: %d allocator calls during model_run\n",
            heap_calls);
    return 3;
  }
#endif
  if (status) {
    fprintf(stderr, "run_model: model_run failed (%d)\n", status);
    return 2;
  }
  for (int i = 0; i < MODEL_NUM_OUTPUTS; ++i)
    if (write_npy(argv[1 + MODEL_NUM_INPUTS + i], outputs[i],
                  MODEL_OUTPUT_BYTES[i], MODEL_OUTPUT_NPY_DESCRS[i],
                  MODEL_OUTPUT_RANKS[i], MODEL_OUTPUT_SHAPES[i]))
      return 1;
  printf("run_model: arena %llu bytes (alignment %llu)\n",
         (unsigned long long)MODEL_ARENA_BYTES,
         (unsigned long long)MODEL_ARENA_ALIGNMENT);
  for (int i = 0; i < MODEL_NUM_INPUTS; ++i)
    free((void *)inputs[i]);
  for (int i = 0; i < MODEL_NUM_OUTPUTS; ++i)
    free(outputs[i]);
#ifdef HEAP_ARENA
  for (int m = 0; m < NUM_ARENAS; ++m)
    free(arenas[m]);
#endif
  return 0;
}
