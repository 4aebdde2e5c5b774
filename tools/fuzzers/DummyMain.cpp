//===- DummyMain.cpp - run a fuzz target on files, without libFuzzer ------===//
//
// Builds without the fuzzing engine (a plain build, or one without clang)
// link this main instead of libFuzzer's: it runs the target once on each
// file named on the command line, so that the suite replays corpora and
// crash reproducers (upstream's llvm/tools/*-fuzzer do the same).
//
//===----------------------------------------------------------------------===//

#include "llvm/FuzzMutate/FuzzerCLI.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[]) {
  return llvm::runFuzzerOnInputs(argc, argv, LLVMFuzzerTestOneInput);
}
