//===- OutputFile.cpp - write a file or report why not --------------------===//

#include "mini/Support/OutputFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

llvm::Error
mini::writeOutputFile(llvm::StringRef path,
                      llvm::function_ref<void(llvm::raw_ostream &)> write) {
  auto fail = [&](const std::error_code &ec) {
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  };
  std::error_code ec;
  llvm::ToolOutputFile file(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail(ec);
  write(file.os());
  file.os().flush();
  if (std::error_code error = file.os().error()) {
    // Cleared, so that closing the file does not end in "LLVM ERROR".
    file.os().clear_error();
    return fail(error);
  }
  file.keep();
  return llvm::Error::success();
}
