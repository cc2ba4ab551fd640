// Implementations of linalg.h. LAPACK comes from OpenBLAS's bundled copy (Debian's libopenblas
// exports dsyevd_ / dgesdd_; on macOS the Accelerate framework exports them too), called through the Fortran interface declared here, so no lapacke.h
// is needed. Row-major data is handed to column-major LAPACK as its transpose: for a symmetric
// matrix that is the same matrix, and a transpose has the same singular values.
#include "linalg.h"

#include "blas.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

extern "C" {
void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
             double* work, const int* lwork, int* iwork, const int* liwork, int* info);
void dgesdd_(const char* jobz, const int* m, const int* n, double* a, const int* lda, double* s, double* u,
             const int* ldu, double* vt, const int* ldvt, double* work, const int* lwork, int* iwork, int* info);
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info);
}

namespace polarlab {
namespace {

inline int ld(int64_t v) { return static_cast<int>(std::max<int64_t>(1, v)); }

// One BLAS thread for the duration of a small call, then the count as it was. OpenBLAS wakes its thread pool for
// every threaded call, and on small problems that costs more than the work: a 10×10 dsyevd took 3 µs on one thread
// and 420 µs on two on a loaded 2-core machine, and a 10-column centredGram of 10,000 rows a fifth more on two.
// Calls run synchronously on the JavaScript thread, so nothing else uses BLAS meanwhile.
class SingleThreadedWhen {
 public:
  explicit SingleThreadedWhen(bool small) : saved_(small ? blasThreads() : 0) {
    if (saved_ > 1) setBlasThreads(1);
  }
  ~SingleThreadedWhen() {
    if (saved_ > 1) setBlasThreads(saved_);
  }
  SingleThreadedWhen(const SingleThreadedWhen&) = delete;
  SingleThreadedWhen& operator=(const SingleThreadedWhen&) = delete;

 private:
  int saved_;
};

// The largest order of a decomposition, and the most columns of a centred product, run on one thread.
constexpr int64_t kSmallOrder = 128;
constexpr int64_t kSmallColumns = 64;

// Passes over fewer entries (8 MB) run on one thread: a thread's start costs tens of µs, the pass a few ms per 80 MB.
constexpr int64_t kParallelEntries = int64_t{1} << 20;
// The fewest columns a thread of a column-wise pass takes (a cache line of sums).
constexpr int64_t kBlockColumns = 8;

// body(from, to) over contiguous parts [from, to) of [0, count) (the rows or the columns of a pass over `entries`
// entries), on as many threads as OpenBLAS uses when the pass is large, each part at least minPart long. Each part
// keeps its sums in their sequential order, so the bits do not depend on the split.
template <class Body>
void parallelParts(int64_t count, int64_t entries, int64_t minPart, const Body& body) {
  const int64_t parts =
      entries < kParallelEntries ? 1 : std::max<int64_t>(1, std::min<int64_t>(blasThreads(), count / minPart));
  std::vector<std::thread> workers;
  for (int64_t part = 1; part < parts; ++part) workers.emplace_back(body, count * part / parts, count * (part + 1) / parts);
  body(int64_t{0}, count / parts);
  for (auto& w : workers) w.join();
}

// The column sums of x and of its squares over the columns [0, width) of the row-major rows×cols matrix x (offset
// to the block's first column), added to sums and squares: function parameters, so that __restrict lets the loop
// vectorise. Four rows are added to a column's running sums one after the other before they are stored, so each
// column is still summed in row order (the same bits as one row at a time) with a quarter of the loads and stores
// of the sums.
void sumsBlock(const double* __restrict x, int64_t rows, int64_t cols, int64_t width, double* __restrict sums,
               double* __restrict squares) {
  int64_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const double* r0 = x + i * cols;
    const double* r1 = r0 + cols;
    const double* r2 = r1 + cols;
    const double* r3 = r2 + cols;
    for (int64_t j = 0; j < width; ++j) {
      sums[j] = sums[j] + r0[j] + r1[j] + r2[j] + r3[j];
      squares[j] = squares[j] + r0[j] * r0[j] + r1[j] * r1[j] + r2[j] * r2[j] + r3[j] * r3[j];
    }
  }
  for (; i < rows; ++i) {
    const double* row = x + i * cols;
    for (int64_t j = 0; j < width; ++j) {
      sums[j] += row[j];
      squares[j] += row[j] * row[j];
    }
  }
}

}  // namespace

void dgemm(const double* a, const double* b, double* out, int64_t m, int64_t n, int64_t k, bool transA,
           bool transB) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum; BLAS would leave out untouched
    std::memset(out, 0, sizeof(double) * m * n);
    return;
  }
  cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0, a, ld(transA ? m : k), b,
              ld(transB ? k : n), 0.0, out, ld(n));
}

void dsyrk(const double* a, double* out, int64_t n, int64_t k, bool trans) {
  if (n == 0) return;
  std::memset(out, 0, sizeof(double) * n * n);
  if (k == 0) return;
  cblas_dsyrk(CblasRowMajor, CblasUpper, trans ? CblasTrans : CblasNoTrans, static_cast<int>(n),
              static_cast<int>(k), 1.0, a, ld(trans ? n : k), 0.0, out, ld(n));
  // The lower triangle from the upper in 8 × 8 tiles (a cache line of each row read): 0.24 ms instead of 1.2 ms at
  // n = 1,024, where the row-by-row copy read each column across 1,024 rows.
  constexpr int64_t tile = 8;
  for (int64_t i0 = 0; i0 < n; i0 += tile)
    for (int64_t j0 = 0; j0 <= i0; j0 += tile)
      for (int64_t i = i0; i < std::min(n, i0 + tile); ++i)
        for (int64_t j = j0; j < std::min(i, j0 + tile); ++j) out[i * n + j] = out[j * n + i];
}

bool columnSums(const double* x, int64_t rows, int64_t cols, double* sums, double* squares) {
  parallelParts(cols, rows * cols, kBlockColumns, [&](int64_t from, int64_t to) {
    // Each block sums into its own arrays, so that threads share no cache line while they sum.
    std::vector<double> s(to - from, 0.0), q(to - from, 0.0);
    sumsBlock(x + from, rows, cols, to - from, s.data(), q.data());
    std::copy(s.begin(), s.end(), sums + from);
    std::copy(q.begin(), q.end(), squares + from);
  });
  // A sum of squares stays ±∞ or NaN once an entry is, so finite sums of squares mean finite entries; otherwise
  // (a non-finite entry, or squares past 1e308) the entries are tested.
  const auto finite = [](double v) { return std::isfinite(v); };
  return std::all_of(squares, squares + cols, finite) || std::all_of(x, x + rows * cols, finite);
}

void centredRowProducts(const double* x, int64_t rows, int64_t cols, const double* means, const double* weights,
                        double* squares, double* dots) {
  parallelParts(rows, rows * cols, 4, [&](int64_t from, int64_t to) {
    int64_t i = from;
    // Four rows at a time: eight independent running sums instead of two, each still in column order.
    for (; i + 4 <= to; i += 4) {
      const double* r0 = x + i * cols;
      const double* r1 = r0 + cols;
      const double* r2 = r1 + cols;
      const double* r3 = r2 + cols;
      double q0 = 0, q1 = 0, q2 = 0, q3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (int64_t j = 0; j < cols; ++j) {
        const double m = means[j], w = weights[j];
        const double v0 = r0[j] - m, v1 = r1[j] - m, v2 = r2[j] - m, v3 = r3[j] - m;
        q0 += v0 * v0;
        d0 += v0 * w;
        q1 += v1 * v1;
        d1 += v1 * w;
        q2 += v2 * v2;
        d2 += v2 * w;
        q3 += v3 * v3;
        d3 += v3 * w;
      }
      squares[i] = q0;
      squares[i + 1] = q1;
      squares[i + 2] = q2;
      squares[i + 3] = q3;
      dots[i] = d0;
      dots[i + 1] = d1;
      dots[i + 2] = d2;
      dots[i + 3] = d3;
    }
    for (; i < to; ++i) {
      const double* row = x + i * cols;
      double q = 0, d = 0;
      for (int64_t j = 0; j < cols; ++j) {
        const double v = row[j] - means[j];
        q += v * v;
        d += v * weights[j];
      }
      squares[i] = q;
      dots[i] = d;
    }
  });
}

bool columnCentring(const double* __restrict x, int64_t rows, int64_t cols, double* __restrict means,
                    double* __restrict sumSquares, double* __restrict out) {
  if (cols == 0) return true;
  std::memset(means, 0, sizeof(double) * cols);
  std::memset(sumSquares, 0, sizeof(double) * cols);
  if (rows == 0) return true;
  // Per column, so that the loop stays a vectorisable column-wise sum like the means'.
  std::vector<double> zeros(cols, 0.0);
  double* __restrict zero = zeros.data();
  for (int64_t i = 0; i < rows; ++i) {
    const double* row = x + i * cols;
    for (int64_t j = 0; j < cols; ++j) {
      means[j] += row[j];
      zero[j] += row[j] * 0.0;
    }
  }
  for (int64_t j = 0; j < cols; ++j) means[j] /= static_cast<double>(rows);
  for (int64_t i = 0; i < rows; ++i) {
    const double* row = x + i * cols;
    if (out) {
      double* centredRow = out + i * cols;
      for (int64_t j = 0; j < cols; ++j) {
        const double v = row[j] - means[j];
        centredRow[j] = v;
        sumSquares[j] += v * v;
      }
    } else {
      for (int64_t j = 0; j < cols; ++j) {
        const double v = row[j] - means[j];
        sumSquares[j] += v * v;
      }
    }
  }
  double total = 0;
  for (int64_t j = 0; j < cols; ++j) total += zero[j];
  return total == 0;
}

void centredGram(const double* x, int64_t rows, int64_t cols, double* means, double* gram) {
  if (cols == 0) return;
  std::memset(means, 0, sizeof(double) * cols);
  std::memset(gram, 0, sizeof(double) * cols * cols);
  if (rows == 0) return;
  for (int64_t i = 0; i < rows; ++i) {
    const double* row = x + i * cols;
    for (int64_t j = 0; j < cols; ++j) means[j] += row[j];
  }
  for (int64_t j = 0; j < cols; ++j) means[j] /= static_cast<double>(rows);
  SingleThreadedWhen small(cols <= kSmallColumns);
  const int64_t block = std::min(rows, std::max<int64_t>(256, (int64_t{1} << 18) / cols));
  std::unique_ptr<double[]> buffer(new double[block * cols]);
  for (int64_t start = 0; start < rows; start += block) {
    const int64_t count = std::min(block, rows - start);
    for (int64_t r = 0; r < count; ++r) {
      const double* row = x + (start + r) * cols;
      double* out = buffer.get() + r * cols;
      for (int64_t j = 0; j < cols; ++j) out[j] = row[j] - means[j];
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, static_cast<int>(cols), static_cast<int>(count), 1.0,
                buffer.get(), ld(cols), 1.0, gram, ld(cols));
  }
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t j = 0; j < i; ++j) gram[i * cols + j] = gram[j * cols + i];
}

int dsyevd(const double* a, double* w, int64_t n, double* v) {
  if (n == 0) return 0;
  SingleThreadedWhen small(n <= kSmallOrder);
  // LAPACK overwrites its input: with vectors it leaves them in the columns of its column-major matrix,
  // which read row-major are the rows of v.
  std::vector<double> copy;
  double* work_a = v;
  if (v) {
    std::copy(a, a + n * n, v);
  } else {
    copy.assign(a, a + n * n);
    work_a = copy.data();
  }
  const char* jobz = v ? "V" : "N";
  const int nn = static_cast<int>(n), query = -1;
  int info = 0, iworkSize = 0;
  double workSize = 0;
  dsyevd_(jobz, "L", &nn, work_a, &nn, w, &workSize, &query, &iworkSize, &query, &info);
  if (info != 0) return info;
  const int lwork = static_cast<int>(workSize), liwork = std::max(1, iworkSize);
  std::vector<double> work(std::max(1, lwork));
  std::vector<int> iwork(liwork);
  dsyevd_(jobz, "L", &nn, work_a, &nn, w, work.data(), &lwork, iwork.data(), &liwork, &info);
  return info;
}

int dgesdd(const double* a, double* s, int64_t m, int64_t n) {
  if (m == 0 || n == 0) return 0;
  SingleThreadedWhen small(m * n <= kSmallOrder * kSmallOrder);
  // Row-major m×n is column-major n×m (its transpose): same singular values.
  std::vector<double> copy(a, a + m * n);
  const int rows = static_cast<int>(n), cols = static_cast<int>(m), one = 1, query = -1;
  int info = 0;
  double workSize = 0, unused = 0;
  std::vector<int> iwork(8 * std::min(rows, cols));
  dgesdd_("N", &rows, &cols, copy.data(), &rows, s, &unused, &one, &unused, &one, &workSize, &query,
          iwork.data(), &info);
  if (info != 0) return info;
  const int lwork = std::max(1, static_cast<int>(workSize));
  std::vector<double> work(lwork);
  dgesdd_("N", &rows, &cols, copy.data(), &rows, s, &unused, &one, &unused, &one, work.data(), &lwork,
          iwork.data(), &info);
  return info;
}

int dpotrf(double* a, int64_t n) {
  if (n == 0) return 0;
  SingleThreadedWhen small(n <= kSmallOrder);
  // Column-major upper U with A = UᵀU, read row-major, is the lower factor L = Uᵀ.
  const int nn = static_cast<int>(n);
  int info = 0;
  dpotrf_("U", &nn, a, &nn, &info);
  if (info == 0)
    for (int64_t i = 0; i < n; ++i) std::memset(a + i * n + i + 1, 0, sizeof(double) * (n - i - 1));
  return info;
}

}  // namespace polarlab
