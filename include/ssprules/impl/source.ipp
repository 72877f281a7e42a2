// Definitions for source.hpp.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#ifdef _WIN32
#  include <filesystem>
#  include <fstream>
#else
#  include <fcntl.h>
#  include <sys/stat.h>
#  include <unistd.h>
#endif

#include "ssprules/detail/work.hpp"
#include "ssprules/source.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE source::source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  block_code_points_.reserve(text_.size() / block + 1);
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (i % block == 0) block_code_points_.push_back(count);
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++count;
    if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
  }
}

SSPRULES_INLINE std::size_t source::code_points_before(std::size_t offset) const noexcept {
  if (offset == 0 || block_code_points_.empty()) return 0;
  std::size_t b = std::min(offset / block, block_code_points_.size() - 1);
  std::size_t count = block_code_points_[b];
  for (std::size_t i = b * block; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++count;
  }
  detail::count_work(offset - b * block);
  return count;
}

SSPRULES_INLINE std::shared_ptr<const source> source::from_file(const std::string& path) {
  file_contents f = read_file(path, default_max_file_bytes);
  if (!f.ok()) throw error("cannot read `" + path + "`: " + f.reason);
  return std::make_shared<const source>(path, std::move(f.text));
}

SSPRULES_INLINE std::shared_ptr<const source> source::from_string(std::string name,
                                                                  std::string text) {
  return std::make_shared<const source>(std::move(name), std::move(text));
}

SSPRULES_INLINE std::size_t source::line_start(std::uint32_t line) const noexcept {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return text_.size();
  return line_starts_[line - 1];
}

SSPRULES_INLINE std::string_view source::line_text(std::uint32_t line) const noexcept {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  while (end > begin && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return std::string_view(text_).substr(begin, end - begin);
}

SSPRULES_INLINE position source::position_of(std::size_t offset) const noexcept {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  std::size_t begin = line_starts_[line - 1];
  auto column =
      static_cast<std::uint32_t>(code_points_before(offset) - code_points_before(begin) + 1);
  return {line, column};
}

SSPRULES_INLINE std::string_view source_span::text() const noexcept {
  if (!file) return {};
  std::string_view all = file->text();
  if (offset > all.size()) return {};
  return all.substr(offset, length);
}

SSPRULES_INLINE source_span source_span::at(std::shared_ptr<const source> file, std::size_t offset,
                                            std::size_t length) {
  source_span span;
  if (!file) return span;
  offset = std::min(offset, file->text().size());
  length = std::min(length, file->text().size() - offset);
  position pos = file->position_of(offset);
  span.offset = static_cast<std::uint32_t>(offset);
  span.length = static_cast<std::uint32_t>(length);
  span.line = pos.line;
  span.column = pos.column;
  span.file = std::move(file);
  return span;
}

namespace detail {

SSPRULES_INLINE std::string too_large_reason(unsigned long long size, std::size_t limit) {
  return "file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(limit);
}

}  // namespace detail

#ifndef _WIN32

SSPRULES_INLINE file_contents read_file(const std::string& path, std::size_t limit) {
  file_contents out;
  auto fail = [&](read_error e, std::string reason) {
    out.text.clear();
    out.error = e;
    out.reason = std::move(reason);
    return std::move(out);
  };
  // O_NONBLOCK: opening a FIFO waits for a writer otherwise (the check below then refuses it)
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return fail(read_error::missing, "no such file");
    if (e == EACCES || e == EPERM) return fail(read_error::unreadable, "permission denied");
    if (e == ENXIO) return fail(read_error::not_regular, "not a regular file (a socket or device)");
    return fail(read_error::unreadable, std::strerror(e));
  }
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_at_return{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(read_error::unreadable, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a FIFO"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    return fail(read_error::not_regular, std::string("not a regular file (") + kind + ")");
  }
  if (st.st_size > 0 && static_cast<unsigned long long>(st.st_size) > limit) {
    return fail(read_error::too_large,
                detail::too_large_reason(static_cast<unsigned long long>(st.st_size), limit));
  }
  // at most limit + 1 bytes: a file that grew past its size (or reports none, as in /proc)
  // stops at the limit
  const std::size_t cap = limit == static_cast<std::size_t>(-1) ? limit : limit + 1;
  std::size_t filled = 0;
  out.text.resize(std::min(cap, static_cast<std::size_t>(st.st_size) + 1));
  while (true) {
    if (filled == out.text.size()) {
      if (out.text.size() >= cap) break;
      out.text.resize(std::min(cap, std::max<std::size_t>(out.text.size() * 2, 4096)));
    }
    ssize_t n = ::read(fd, out.text.data() + filled, out.text.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(read_error::unreadable, std::strerror(errno));
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled > limit) {
    return fail(read_error::too_large,
                "file is larger than the limit of " + std::to_string(limit) + " bytes");
  }
  out.text.resize(filled);
  return out;
}

#else  // _WIN32: no FIFOs or /dev/zero; the same checks through std::filesystem

SSPRULES_INLINE file_contents read_file(const std::string& path, std::size_t limit) {
  namespace fs = std::filesystem;
  file_contents out;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    out.error = read_error::missing;
    out.reason = "no such file";
    return out;
  }
  if (!fs::is_regular_file(status)) {
    out.error = read_error::not_regular;
    out.reason =
        fs::is_directory(status) ? "not a regular file (a directory)" : "not a regular file";
    return out;
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size > limit) {
    out.error = read_error::too_large;
    out.reason = detail::too_large_reason(size, limit);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = read_error::unreadable;
    out.reason = "permission denied";
    return out;
  }
  out.text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(ec ? limit : size, limit)) + 1);
  in.read(out.text.data(), static_cast<std::streamsize>(out.text.size()));
  auto got = static_cast<std::size_t>(in.gcount());
  if (got > limit) {
    out.text.clear();
    out.error = read_error::too_large;
    out.reason = "file is larger than the limit of " + std::to_string(limit) + " bytes";
    return out;
  }
  out.text.resize(got);
  return out;
}

#endif

}  // namespace ssprules::inline SSPRULES_ABI
