// packed.hpp -- the memory of the cpu tile engines (kernel_cpu.cpp, testing_cpu.cpp): a 64-byte
// aligned, zero-filled double array and the column-packed layout of the j-side of a micro-tile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace ik::engine {

// 64-byte aligned double array (one 8-lane vector per cache line), zero-filled.
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(std::size_t count) : size_(count) {
    if (count == 0) return;
    const std::size_t bytes = (count * sizeof(double) + 63) / 64 * 64;
    p_ = static_cast<double*>(std::aligned_alloc(64, bytes));
    if (p_ == nullptr) throw std::bad_alloc();
    std::memset(p_, 0, bytes);
  }
  ~Buffer() { std::free(p_); }
  Buffer(Buffer&& o) noexcept : p_(o.p_), size_(o.size_) {
    o.p_ = nullptr;
    o.size_ = 0;
  }
  Buffer& operator=(Buffer&& o) noexcept {
    std::swap(p_, o.p_);
    std::swap(size_, o.size_);
    return *this;
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  double* get() const { return p_; }
  std::size_t size() const { return size_; }

 private:
  double* p_ = nullptr;
  std::size_t size_ = 0;
};

// The n x d row-major array a cut into nb blocks of T rows, each block column-major (T doubles
// per coordinate), rows past n zero: the j-side of every micro-tile reads 8 lanes in one load.
inline Buffer pack_columns(const double* a, int64_t n, int64_t d, int64_t T, int64_t nb) {
  Buffer out(static_cast<std::size_t>(nb * T * d));
  double* p = out.get();
  for (int64_t i = 0; i < n; ++i) {
    double* block = p + (i / T) * T * d + (i % T);
    for (int64_t c = 0; c < d; ++c) block[c * T] = a[i * d + c];
  }
  return out;
}

}  // namespace ik::engine
