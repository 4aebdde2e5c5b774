//===- OutputFile.h - write a file or report why not -------------*- C++
//-*-===//
//
// The one way mini-infer's passes and tools write an output file (reports,
// maps, pictures, solutions, figures): every failure to open or to write
// is an llvm::Error naming the path, never an "LLVM ERROR" when the stream
// is closed.
//
//===----------------------------------------------------------------------===//

#ifndef MINI_SUPPORT_OUTPUTFILE_H
#define MINI_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace mini {

/// Writes `path` (`-`: stdout) with `write`; the file is kept only when
/// everything was written. Errors: "cannot write '<path>': <reason>".
llvm::Error
writeOutputFile(llvm::StringRef path,
                llvm::function_ref<void(llvm::raw_ostream &)> write);

} // namespace mini

#endif // MINI_SUPPORT_OUTPUTFILE_H
