// Float64 dense linear algebra for toolkit/metrics on OpenBLAS: GEMM, the symmetric rank-k product
// (XᵀX at half the cost of a GEMM), centred cross-products (covariances), symmetric eigenvalues (LAPACK dsyevd) and singular values
// (LAPACK dgesdd, values only) and Cholesky factors (LAPACK dpotrf). Row-major, plain pointers and sizes: argument checks live in addon.cc.
#pragma once
#include <cstdint>

namespace polarlab {

// out (m×n) = op(A) * op(B); A is m×k (k×m when transA), B is k×n (n×k when transB).
void dgemm(const double* a, const double* b, double* out, int64_t m, int64_t n, int64_t k, bool transA,
           bool transB);

// out (n×n, both triangles filled) = A Aᵀ for A n×k, or AᵀA for A k×n when trans.
void dsyrk(const double* a, double* out, int64_t n, int64_t k, bool trans);

// The column sums of the row-major rows×cols matrix x and of its squares (each column summed in row order, as
// toolkit/metrics/matrix.ts's columnSums), in one pass. Returns whether every entry of x is finite (read from the
// sums of squares; the entries are tested only when one of those is not finite). Passes of at least 2²⁰ entries are
// split by columns between as many threads as OpenBLAS uses.
bool columnSums(const double* x, int64_t rows, int64_t cols, double* sums, double* squares);

// For each row x_i of the row-major rows×cols matrix x: squares[i] = Σ_j (x_ij − means_j)² and dots[i] =
// Σ_j (x_ij − means_j) weights_j, each summed in column order (as toolkit/metrics/matrix.ts's centredRowProducts).
// Passes of at least 2²⁰ entries are split by rows between as many threads as OpenBLAS uses.
void centredRowProducts(const double* x, int64_t rows, int64_t cols, const double* means, const double* weights,
                        double* squares, double* dots);

// The column means of the row-major rows×cols matrix x (summed in row order, as toolkit/metrics/matrix.ts's
// columnMeans) and the column sums of squares of x − means; when out (rows×cols) is not null, also out = x − means.
// Returns whether every entry of x is finite (the sum of x · 0 over the means' pass is 0: NaN for NaN and ±∞).
bool columnCentring(const double* x, int64_t rows, int64_t cols, double* means, double* sumSquares, double* out);

// The column means (means, cols) of the row-major rows×cols matrix x and gram (cols×cols, both triangles) =
// CᵀC for C = x − means, the two-pass centred cross-product of a covariance: the means are summed in row order,
// then blocks of rows are centred into a buffer of at most 2 MB (of at least 256 rows) and their products added
// (dsyrk), so no centred copy of x is made.
void centredGram(const double* x, int64_t rows, int64_t cols, double* means, double* gram);

// Eigenvalues (ascending) of the symmetric n×n matrix a (only its lower triangle in column-major
// terms is read, i.e. either triangle since a is symmetric), and when v is not null the eigenvectors:
// row i of the row-major n×n v is the unit eigenvector of w[i]. Returns LAPACK's info (0 = converged).
int dsyevd(const double* a, double* w, int64_t n, double* v = nullptr);

// Singular values (descending) of the m×n row-major matrix a, min(m, n) of them. Returns LAPACK's info.
int dgesdd(const double* a, double* s, int64_t m, int64_t n);

// In place: the symmetric n×n matrix a becomes its lower Cholesky factor L (a = L Lᵀ, upper triangle zeroed).
// Returns LAPACK's info: 0, or k > 0 when the leading minor of order k is not positive definite (a is then
// partly overwritten).
int dpotrf(double* a, int64_t n);

}  // namespace polarlab
