// The byte buffer the streaming readers fill from an istream. Internal: no stability promise.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>

#include "ssprules/version.hpp"

namespace ssprules::inline SSPRULES_ABI::detail {

/// A growable byte buffer whose new bytes are left uninitialised: the readers overwrite them
/// from the stream, so zero-filling a 1 MB chunk for every reader (every small file, every
/// fuzz input) would be wasted work. It also paces the reads: the first asks for 4 KiB and
/// each next one for twice as much, up to the reader's chunk size, so a small input never
/// gets a large buffer (a 64 KiB one for a record of 100 bytes was a tenth of the records
/// fuzzer's time, under AddressSanitizer) and a large one reads in full chunks after 8 reads.
class read_buffer {
 public:
  /// The first read's size (unless the chunk size is smaller).
  static constexpr std::size_t first_read_bytes = std::size_t{4} << 10;

  /// How many bytes the next `istream::read` should ask for, at most `chunk_bytes` (>= 1).
  [[nodiscard]] std::size_t next_read_bytes(std::size_t chunk_bytes) noexcept {
    read_bytes_ = read_bytes_ == 0 ? first_read_bytes : read_bytes_ * 2;
    read_bytes_ = std::min(read_bytes_, chunk_bytes);
    return read_bytes_;
  }

  [[nodiscard]] char* data() noexcept { return data_.get(); }
  [[nodiscard]] const char* data() const noexcept { return data_.get(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  /// Makes the buffer at least `n` bytes; the first `keep` bytes (at most `size()`) are kept.
  void grow(std::size_t n, std::size_t keep) {
    if (n <= size_) return;
    std::unique_ptr<char[]> bigger(new char[n]);  // default-initialised: not zero-filled
    keep = std::min(keep, size_);
    if (keep > 0) std::memcpy(bigger.get(), data_.get(), keep);
    data_ = std::move(bigger);
    size_ = n;
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t read_bytes_ = 0;
};

}  // namespace ssprules::inline SSPRULES_ABI::detail
