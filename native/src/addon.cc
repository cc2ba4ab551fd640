// N-API surface of the native kernels (node-addon-api). Every function takes Float32Array views
// (on the wasm heap or on cpu-backend buffers) plus sizes, checks that each view is long enough
// for the sizes given, and runs synchronously: no JS runs meanwhile, so wasm memory cannot move.
// The float64 linear algebra of toolkit/metrics (dgemm, dsyrk, columnSums, columnCentring, centredRowProducts,
// centredGram, dsyevd, dgesdd, dpotrf) takes Float64Arrays, and its k-d tree search (kdTreeSearch) Float64Arrays and
// Int32Arrays.
#include <napi.h>
#include "blas.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "kdtree.h"
#include "kernels.h"
#include "linalg.h"

namespace {

using polarlab::ConvShape;

[[noreturn]] void fail(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, "polarlab_native: " + message);
}

struct View {
  float* data;
  size_t length;
};

View floatView(const Napi::CallbackInfo& info, size_t index, const char* name, size_t needed) {
  if (index >= info.Length() || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    fail(info.Env(), std::string("argument ") + name + " must be a Float32Array");
  auto array = info[index].As<Napi::Float32Array>();
  if (array.ElementLength() < needed)
    fail(info.Env(), std::string("argument ") + name + " has " + std::to_string(array.ElementLength()) +
                         " elements, expected at least " + std::to_string(needed));
  return {array.Data(), array.ElementLength()};
}

struct View64 {
  double* data;
  size_t length;
};

View64 doubleView(const Napi::CallbackInfo& info, size_t index, const char* name, size_t needed) {
  if (index >= info.Length() || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    fail(info.Env(), std::string("argument ") + name + " must be a Float64Array");
  auto array = info[index].As<Napi::Float64Array>();
  if (array.ElementLength() < needed)
    fail(info.Env(), std::string("argument ") + name + " has " + std::to_string(array.ElementLength()) +
                         " elements, expected at least " + std::to_string(needed));
  return {array.Data(), array.ElementLength()};
}

struct View32 {
  int32_t* data;
  size_t length;
};

View32 int32View(const Napi::CallbackInfo& info, size_t index, const char* name, size_t needed) {
  if (index >= info.Length() || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    fail(info.Env(), std::string("argument ") + name + " must be an Int32Array");
  auto array = info[index].As<Napi::Int32Array>();
  if (array.ElementLength() < needed)
    fail(info.Env(), std::string("argument ") + name + " has " + std::to_string(array.ElementLength()) +
                         " elements, expected at least " + std::to_string(needed));
  return {array.Data(), array.ElementLength()};
}

// LAPACK may not terminate sensibly on NaN/Infinity, so the decompositions refuse them up front.
void requireFinite(const Napi::CallbackInfo& info, const View64& v, size_t count, const char* name) {
  for (size_t i = 0; i < count; ++i)
    if (!std::isfinite(v.data[i]))
      fail(info.Env(), std::string("argument ") + name + " has a non-finite value " + std::to_string(v.data[i]) +
                           " at index " + std::to_string(i));
}

const float* optionalView(const Napi::CallbackInfo& info, size_t index, const char* name, size_t* length) {
  if (index < info.Length() && (info[index].IsNull() || info[index].IsUndefined())) {
    *length = 0;
    return nullptr;
  }
  View v = floatView(info, index, name, 1);
  *length = v.length;
  return v.data;
}

int64_t integer(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (index >= info.Length() || !info[index].IsNumber())
    fail(info.Env(), std::string("argument ") + name + " must be a number");
  const double value = info[index].As<Napi::Number>().DoubleValue();
  if (!(value >= 0) || value != static_cast<double>(static_cast<int64_t>(value)) || value > 2147483647.0)
    fail(info.Env(), std::string("argument ") + name + " must be a non-negative int32, got " + std::to_string(value));
  return static_cast<int64_t>(value);
}

double number(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (index >= info.Length() || !info[index].IsNumber())
    fail(info.Env(), std::string("argument ") + name + " must be a number");
  return info[index].As<Napi::Number>().DoubleValue();
}

bool boolean(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (index >= info.Length() || !info[index].IsBoolean())
    fail(info.Env(), std::string("argument ") + name + " must be a boolean");
  return info[index].As<Napi::Boolean>().Value();
}

// batchMatMul(a, b, out, batch, batchA, batchB, m, n, k, transA, transB)
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  const int64_t batch = integer(info, 3, "batch"), batchA = integer(info, 4, "batchA"),
                batchB = integer(info, 5, "batchB"), m = integer(info, 6, "m"), n = integer(info, 7, "n"),
                k = integer(info, 8, "k");
  if ((batchA != 1 && batchA != batch) || (batchB != 1 && batchB != batch))
    fail(info.Env(), "batchA and batchB must be 1 or equal to batch");
  View a = floatView(info, 0, "a", batchA * m * k), b = floatView(info, 1, "b", batchB * k * n);
  View out = floatView(info, 2, "out", batch * m * n);
  polarlab::batchMatMul(a.data, b.data, out.data, batch, batchA, batchB, m, n, k,
                        boolean(info, 9, "transA"), boolean(info, 10, "transB"));
  return info.Env().Undefined();
}

// biasActivation(x, rows, n, bias | null, activation, prelu | null, alpha)
Napi::Value BiasActivation(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 1, "rows"), n = integer(info, 2, "n");
  View x = floatView(info, 0, "x", rows * n);
  size_t biasLen = 0, preluLen = 0;
  const float* bias = optionalView(info, 3, "bias", &biasLen);
  const int64_t activation = integer(info, 4, "activation");
  const float* prelu = optionalView(info, 5, "prelu", &preluLen);
  if (bias && biasLen != 1 && biasLen != static_cast<size_t>(n))
    fail(info.Env(), "bias must have 1 or n = " + std::to_string(n) + " elements, got " + std::to_string(biasLen));
  if (activation > polarlab::kElu) fail(info.Env(), "unknown activation code " + std::to_string(activation));
  if (activation == polarlab::kPrelu && (!prelu || (preluLen != 1 && preluLen != static_cast<size_t>(n))))
    fail(info.Env(), "prelu activation needs weights of 1 or n = " + std::to_string(n) + " elements");
  polarlab::biasActivation(x.data, rows, n, bias, static_cast<int64_t>(biasLen), static_cast<int>(activation),
                           prelu, static_cast<int64_t>(preluLen), static_cast<float>(number(info, 6, "alpha")));
  return info.Env().Undefined();
}

// dims = [batch, inH, inW, inC, filterH, filterW, outC, outH, outW,
//         strideH, strideW, dilationH, dilationW, padTop, padLeft]
ConvShape convShape(const Napi::CallbackInfo& info, size_t index) {
  if (index >= info.Length() || !info[index].IsArray()) fail(info.Env(), "argument dims must be an array of 15 integers");
  auto dims = info[index].As<Napi::Array>();
  if (dims.Length() != 15) fail(info.Env(), "argument dims must have 15 entries, got " + std::to_string(dims.Length()));
  int64_t d[15];
  for (uint32_t i = 0; i < 15; ++i) {
    Napi::Value v = dims.Get(i);
    // tfjs never produces negative paddings (computeConv2DInfo clamps them at 0), so all are >= 0.
    if (!v.IsNumber() || v.As<Napi::Number>().DoubleValue() < 0)
      fail(info.Env(), "dims[" + std::to_string(i) + "] must be a non-negative integer");
    d[i] = v.As<Napi::Number>().Int64Value();
  }
  ConvShape s{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14]};
  if (s.strideH < 1 || s.strideW < 1 || s.dilationH < 1 || s.dilationW < 1)
    fail(info.Env(), "strides and dilations must be >= 1");
  return s;
}

Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  ConvShape s = convShape(info, 3);
  View x = floatView(info, 0, "x", s.batch * s.inH * s.inW * s.inC);
  View w = floatView(info, 1, "filter", s.filterH * s.filterW * s.inC * s.outC);
  View y = floatView(info, 2, "y", s.batch * s.outH * s.outW * s.outC);
  polarlab::conv2d(x.data, w.data, y.data, s);
  return info.Env().Undefined();
}

Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  ConvShape s = convShape(info, 3);
  View dy = floatView(info, 0, "dy", s.batch * s.outH * s.outW * s.outC);
  View w = floatView(info, 1, "filter", s.filterH * s.filterW * s.inC * s.outC);
  View dx = floatView(info, 2, "dx", s.batch * s.inH * s.inW * s.inC);
  polarlab::conv2dBackpropInput(dy.data, w.data, dx.data, s);
  return info.Env().Undefined();
}

Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  ConvShape s = convShape(info, 3);
  View x = floatView(info, 0, "x", s.batch * s.inH * s.inW * s.inC);
  View dy = floatView(info, 1, "dy", s.batch * s.outH * s.outW * s.outC);
  View dw = floatView(info, 2, "dw", s.filterH * s.filterW * s.inC * s.outC);
  polarlab::conv2dBackpropFilter(x.data, dy.data, dw.data, s);
  return info.Env().Undefined();
}

// adam(variable, m, v, gradient, variableOut, mOut, vOut, lr, beta1, beta2, epsilon, accBeta1, accBeta2)
Napi::Value Adam(const Napi::CallbackInfo& info) {
  const size_t n = floatView(info, 0, "variable", 0).length;
  View var = floatView(info, 0, "variable", n), m = floatView(info, 1, "m", n), v = floatView(info, 2, "v", n),
       g = floatView(info, 3, "gradient", n), varOut = floatView(info, 4, "variableOut", n),
       mOut = floatView(info, 5, "mOut", n), vOut = floatView(info, 6, "vOut", n);
  polarlab::adam(var.data, m.data, v.data, g.data, varOut.data, mOut.data, vOut.data, static_cast<int64_t>(n),
                 static_cast<float>(number(info, 7, "learningRate")), number(info, 8, "beta1"),
                 number(info, 9, "beta2"), static_cast<float>(number(info, 10, "epsilon")),
                 static_cast<float>(number(info, 11, "accBeta1")), static_cast<float>(number(info, 12, "accBeta2")));
  return info.Env().Undefined();
}

// dgemm(a, b, out, m, n, k, transA, transB): out = op(a) op(b), float64 row-major.
Napi::Value Dgemm(const Napi::CallbackInfo& info) {
  const int64_t m = integer(info, 3, "m"), n = integer(info, 4, "n"), k = integer(info, 5, "k");
  const bool transA = boolean(info, 6, "transA"), transB = boolean(info, 7, "transB");
  View64 a = doubleView(info, 0, "a", m * k), b = doubleView(info, 1, "b", k * n);
  View64 out = doubleView(info, 2, "out", m * n);
  polarlab::dgemm(a.data, b.data, out.data, m, n, k, transA, transB);
  return info.Env().Undefined();
}

// dsyrk(a, out, n, k, trans): out (n×n) = a aᵀ (a n×k), or aᵀa (a k×n) when trans.
Napi::Value Dsyrk(const Napi::CallbackInfo& info) {
  const int64_t n = integer(info, 2, "n"), k = integer(info, 3, "k");
  const bool trans = boolean(info, 4, "trans");
  View64 a = doubleView(info, 0, "a", n * k), out = doubleView(info, 1, "out", n * n);
  polarlab::dsyrk(a.data, out.data, n, k, trans);
  return info.Env().Undefined();
}

// columnCentring(x, means, sumSquares, rows, cols[, out]): means (cols) = the column means of the rows×cols matrix
// x, sumSquares (cols) = the column sums of squares of x − means; with out (rows×cols), also out = x − means.
// Returns whether every entry of x is finite.
Napi::Value ColumnCentring(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 3, "rows"), cols = integer(info, 4, "cols");
  View64 x = doubleView(info, 0, "x", rows * cols);
  View64 means = doubleView(info, 1, "means", cols), sumSquares = doubleView(info, 2, "sumSquares", cols);
  double* out = nullptr;
  if (info.Length() > 5 && !info[5].IsUndefined()) out = doubleView(info, 5, "out", rows * cols).data;
  return Napi::Boolean::New(info.Env(), polarlab::columnCentring(x.data, rows, cols, means.data, sumSquares.data, out));
}

// columnSums(x, sums, squares, rows, cols): sums (cols) = the column sums of the rows×cols matrix x, squares (cols)
// = the column sums of its squares. Returns whether every entry of x is finite.
Napi::Value ColumnSums(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 3, "rows"), cols = integer(info, 4, "cols");
  View64 x = doubleView(info, 0, "x", rows * cols);
  View64 sums = doubleView(info, 1, "sums", cols), squares = doubleView(info, 2, "squares", cols);
  return Napi::Boolean::New(info.Env(), polarlab::columnSums(x.data, rows, cols, sums.data, squares.data));
}

// centredRowProducts(x, means, weights, squares, dots, rows, cols): for each row x_i of the rows×cols matrix x,
// squares[i] = ‖x_i − means‖² and dots[i] = (x_i − means) · weights.
Napi::Value CentredRowProducts(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 5, "rows"), cols = integer(info, 6, "cols");
  View64 x = doubleView(info, 0, "x", rows * cols);
  View64 means = doubleView(info, 1, "means", cols), weights = doubleView(info, 2, "weights", cols);
  View64 squares = doubleView(info, 3, "squares", rows), dots = doubleView(info, 4, "dots", rows);
  polarlab::centredRowProducts(x.data, rows, cols, means.data, weights.data, squares.data, dots.data);
  return info.Env().Undefined();
}

// centredGram(x, means, gram, rows, cols): means (cols) = column means of the rows×cols matrix x, gram (cols×cols)
// = (x − means)ᵀ(x − means).
Napi::Value CentredGram(const Napi::CallbackInfo& info) {
  const int64_t rows = integer(info, 3, "rows"), cols = integer(info, 4, "cols");
  View64 x = doubleView(info, 0, "x", rows * cols), means = doubleView(info, 1, "means", cols);
  View64 gram = doubleView(info, 2, "gram", cols * cols);
  polarlab::centredGram(x.data, rows, cols, means.data, gram.data);
  return info.Env().Undefined();
}

// kdTreeSearch(points, idx, lo, hi, dim, split, left, right, d, k, heapD, heapI, start, end): the neighbour search of
// toolkit/metrics/kdTree.ts for tree positions [start, end), on as many threads as OpenBLAS uses. The tree (n = idx.length points, lo.length nodes) is
// checked first, so a malformed one is an error rather than a read out of bounds or an endless descent.
Napi::Value KdTreeSearch(const Napi::CallbackInfo& info) {
  const int64_t d = integer(info, 8, "d"), k = integer(info, 9, "k"), start = integer(info, 12, "start"),
                end = integer(info, 13, "end");
  View32 idx = int32View(info, 1, "idx", 0);
  const int64_t n = static_cast<int64_t>(idx.length);
  View32 lo = int32View(info, 2, "lo", 0);
  const int64_t nodes = static_cast<int64_t>(lo.length);
  View64 points = doubleView(info, 0, "points", n * d), split = doubleView(info, 5, "split", nodes);
  View32 hi = int32View(info, 3, "hi", nodes), dim = int32View(info, 4, "dim", nodes),
         left = int32View(info, 6, "left", nodes), right = int32View(info, 7, "right", nodes);
  View64 heapD = doubleView(info, 10, "heapD", n * k);
  View32 heapI = int32View(info, 11, "heapI", n * k);
  if (d < 1 || k < 1 || nodes < 1 || start > end || end > n) fail(info.Env(), "kdTreeSearch: inconsistent sizes");
  for (int64_t p = 0; p < n; ++p)
    if (idx.data[p] < 0 || idx.data[p] >= n) fail(info.Env(), "kdTreeSearch: idx[" + std::to_string(p) + "] out of range");
  for (int64_t node = 0; node < nodes; ++node) {
    if (dim.data[node] < 0) {
      if (lo.data[node] < 0 || lo.data[node] > hi.data[node] || hi.data[node] > n)
        fail(info.Env(), "kdTreeSearch: leaf " + std::to_string(node) + " has points out of range");
    } else if (dim.data[node] >= d || left.data[node] <= node || left.data[node] >= nodes || right.data[node] <= node ||
               right.data[node] >= nodes) {
      fail(info.Env(), "kdTreeSearch: node " + std::to_string(node) + " has a bad split or children");
    }
  }
  const polarlab::KdTree tree{points.data, idx.data, lo.data, hi.data, dim.data, split.data, left.data, right.data, d};
  polarlab::kdTreeSearch(tree, k, heapD.data, heapI.data, start, end, polarlab::blasThreads());
  return info.Env().Undefined();
}

void lapackInfo(const Napi::CallbackInfo& info, int code, const char* routine) {
  if (code < 0) fail(info.Env(), std::string(routine) + ": argument " + std::to_string(-code) + " had an illegal value");
  if (code > 0)
    throw Napi::Error::New(info.Env(), std::string("polarlab_native: ") + routine + " did not converge (info " +
                                           std::to_string(code) + ")");
}

// dsyevd(a, w, n[, v]): w = eigenvalues (ascending) of the symmetric n×n matrix a (a is not modified); with v,
// row i of v = the unit eigenvector of w[i].
Napi::Value Dsyevd(const Napi::CallbackInfo& info) {
  const int64_t n = integer(info, 2, "n");
  View64 a = doubleView(info, 0, "a", n * n), w = doubleView(info, 1, "w", n);
  requireFinite(info, a, n * n, "a");
  double* v = nullptr;
  if (info.Length() > 3 && !info[3].IsUndefined()) v = doubleView(info, 3, "v", n * n).data;
  lapackInfo(info, polarlab::dsyevd(a.data, w.data, n, v), "dsyevd");
  return info.Env().Undefined();
}

// dgesdd(a, s, m, n): s = singular values (descending) of the m×n matrix a (a is not modified).
Napi::Value Dgesdd(const Napi::CallbackInfo& info) {
  const int64_t m = integer(info, 2, "m"), n = integer(info, 3, "n");
  View64 a = doubleView(info, 0, "a", m * n), s = doubleView(info, 1, "s", std::min(m, n));
  requireFinite(info, a, m * n, "a");
  lapackInfo(info, polarlab::dgesdd(a.data, s.data, m, n), "dgesdd");
  return info.Env().Undefined();
}

// dpotrf(a, n) -> info: in place, a becomes its lower Cholesky factor; info k > 0 says the leading minor of
// order k is not positive definite (an outcome for the caller to report, so it is returned, not thrown).
Napi::Value Dpotrf(const Napi::CallbackInfo& info) {
  const int64_t n = integer(info, 1, "n");
  View64 a = doubleView(info, 0, "a", n * n);
  requireFinite(info, a, n * n, "a");
  const int code = polarlab::dpotrf(a.data, n);
  if (code < 0) lapackInfo(info, code, "dpotrf");
  return Napi::Number::New(info.Env(), code);
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("threads", polarlab::blasThreads());
  out.Set("config", std::string(polarlab::blasConfig()));
  out.Set("core", std::string(polarlab::blasCore()));
  return out;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int64_t threads = integer(info, 0, "threads");
  if (threads < 1) fail(info.Env(), "argument threads must be >= 1");
  polarlab::setBlasThreads(static_cast<int>(threads));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
  exports.Set("biasActivation", Napi::Function::New(env, BiasActivation));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("dgemm", Napi::Function::New(env, Dgemm));
  exports.Set("dsyrk", Napi::Function::New(env, Dsyrk));
  exports.Set("columnSums", Napi::Function::New(env, ColumnSums));
  exports.Set("columnCentring", Napi::Function::New(env, ColumnCentring));
  exports.Set("centredRowProducts", Napi::Function::New(env, CentredRowProducts));
  exports.Set("centredGram", Napi::Function::New(env, CentredGram));
  exports.Set("kdTreeSearch", Napi::Function::New(env, KdTreeSearch));
  exports.Set("dsyevd", Napi::Function::New(env, Dsyevd));
  exports.Set("dgesdd", Napi::Function::New(env, Dgesdd));
  exports.Set("dpotrf", Napi::Function::New(env, Dpotrf));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  return exports;
}

}  // namespace

NODE_API_MODULE(polarlab_native, Init)
