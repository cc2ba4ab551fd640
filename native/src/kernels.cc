// Implementations of kernels.h. Convolutions are im2col + SGEMM (Chellapilla et al. 2006):
// the patch matrix has one row per output pixel (b, oh, ow) and one column per filter tap
// (fh, fw, ci), which is exactly the row-major layout of an NHWC filter [fh, fw, ci, co].
#include "kernels.h"

#include "blas.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

namespace polarlab {
namespace {

// Patch matrices are built a few examples at a time so the scratch buffer stays near 1 MB (and
// warm in cache between im2col and the GEMM that reads it).
constexpr int64_t kMaxPatchFloats = int64_t(1) << 18;

// One scratch buffer per thread (a worker_thread has its own JS thread), reused across calls: a
// fresh allocation per call costs more in page faults than the im2col itself.
float* scratch(size_t floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < floats) {
    buffer = std::vector<float>();
    buffer.resize(floats);
  }
  return buffer.data();
}

inline int ld(int64_t v) { return static_cast<int>(std::max<int64_t>(1, v)); }

void sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // an empty sum: BLAS leaves C scaled by beta
    if (beta == 0.0f)
      for (int64_t i = 0; i < m; ++i) std::memset(c + i * ldc, 0, sizeof(float) * n);
    return;
  }
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a, ld(lda), b,
              ld(ldb), beta, c, ld(ldc));
}

int64_t examplesPerChunk(const ConvShape& s) {
  const int64_t perExample = s.outH * s.outW * s.filterH * s.filterW * s.inC;
  return std::max<int64_t>(1, std::min<int64_t>(s.batch, kMaxPatchFloats / std::max<int64_t>(1, perExample)));
}

// cols[(b - b0, oh, ow), (fh, fw, ci)] = x[b, ih, iw, ci], zero where (ih, iw) falls in the padding.
// A filter row that lies wholly inside x (dilation 1) is one contiguous copy of filterW * inC floats.
void im2col(const float* x, float* cols, int64_t b0, int64_t b1, const ConvShape& s) {
  const int64_t k = s.filterH * s.filterW * s.inC, span = s.filterW * s.inC;
  float* row = cols;
  for (int64_t b = b0; b < b1; ++b)
    for (int64_t oh = 0; oh < s.outH; ++oh)
      for (int64_t ow = 0; ow < s.outW; ++ow, row += k) {
        const int64_t iw0 = ow * s.strideW - s.padLeft;
        const bool rowInside = s.dilationW == 1 && iw0 >= 0 && iw0 + s.filterW <= s.inW;
        for (int64_t fh = 0; fh < s.filterH; ++fh) {
          float* dst = row + fh * span;
          const int64_t ih = oh * s.strideH - s.padTop + fh * s.dilationH;
          if (ih < 0 || ih >= s.inH) {
            std::fill_n(dst, span, 0.0f);
            continue;
          }
          const float* src = x + (b * s.inH + ih) * s.inW * s.inC;
          if (rowInside) {
            std::copy_n(src + iw0 * s.inC, span, dst);
            continue;
          }
          for (int64_t fw = 0; fw < s.filterW; ++fw, dst += s.inC) {
            const int64_t iw = iw0 + fw * s.dilationW;
            if (iw < 0 || iw >= s.inW) std::fill_n(dst, s.inC, 0.0f);
            else std::copy_n(src + iw * s.inC, s.inC, dst);
          }
        }
      }
}

// The adjoint of im2col: dx[b, ih, iw, ci] += cols[(b - b0, oh, ow), (fh, fw, ci)].
void col2im(const float* cols, float* dx, int64_t b0, int64_t b1, const ConvShape& s) {
  const int64_t k = s.filterH * s.filterW * s.inC, span = s.filterW * s.inC;
  const float* row = cols;
  for (int64_t b = b0; b < b1; ++b)
    for (int64_t oh = 0; oh < s.outH; ++oh)
      for (int64_t ow = 0; ow < s.outW; ++ow, row += k) {
        const int64_t iw0 = ow * s.strideW - s.padLeft;
        const bool rowInside = s.dilationW == 1 && iw0 >= 0 && iw0 + s.filterW <= s.inW;
        for (int64_t fh = 0; fh < s.filterH; ++fh) {
          const float* src = row + fh * span;
          const int64_t ih = oh * s.strideH - s.padTop + fh * s.dilationH;
          if (ih < 0 || ih >= s.inH) continue;
          float* base = dx + (b * s.inH + ih) * s.inW * s.inC;
          if (rowInside) {
            float* dst = base + iw0 * s.inC;
            for (int64_t j = 0; j < span; ++j) dst[j] += src[j];
            continue;
          }
          for (int64_t fw = 0; fw < s.filterW; ++fw, src += s.inC) {
            const int64_t iw = iw0 + fw * s.dilationW;
            if (iw < 0 || iw >= s.inW) continue;
            float* dst = base + iw * s.inC;
            for (int64_t c = 0; c < s.inC; ++c) dst[c] += src[c];
          }
        }
      }
}

inline float activate(float x, int activation, float preluWeight, float alpha) {
  switch (activation) {
    case kRelu: return x < 0.0f ? 0.0f : x;
    case kRelu6: return std::min(std::max(x, 0.0f), 6.0f);
    case kPrelu: return x < 0.0f ? preluWeight * x : x;
    case kLeakyRelu: return x < 0.0f ? alpha * x : x;
    case kSigmoid: return 1.0f / (1.0f + std::exp(-x));
    case kElu: return x >= 0.0f ? x : std::expm1(x);
    default: return x;
  }
}

}  // namespace

void batchMatMul(const float* a, const float* b, float* out, int64_t batch, int64_t batchA,
                 int64_t batchB, int64_t m, int64_t n, int64_t k, bool transA, bool transB) {
  const int64_t lda = transA ? m : k, ldb = transB ? k : n;
  if (batch > 1 && batchB == 1 && batchA == batch && !transA) {
    // Stacked rows of A share one B: a single taller GEMM keeps every BLAS thread busy.
    sgemm(false, transB, batch * m, n, k, a, lda, b, ldb, 0.0f, out, n);
    return;
  }
  for (int64_t i = 0; i < batch; ++i) {
    const float* ai = a + (batchA == 1 ? 0 : i) * m * k;
    const float* bi = b + (batchB == 1 ? 0 : i) * k * n;
    sgemm(transA, transB, m, n, k, ai, lda, bi, ldb, 0.0f, out + i * m * n, n);
  }
}

void biasActivation(float* x, int64_t rows, int64_t n, const float* bias, int64_t biasLen,
                    int activation, const float* prelu, int64_t preluLen, float alpha) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = x + r * n;
    if (bias != nullptr)
      for (int64_t j = 0; j < n; ++j) row[j] += bias[biasLen == 1 ? 0 : j];
    if (activation == kLinear) continue;
    for (int64_t j = 0; j < n; ++j)
      row[j] = activate(row[j], activation, prelu ? prelu[preluLen == 1 ? 0 : j] : 0.0f, alpha);
  }
}

void conv2d(const float* x, const float* w, float* y, const ConvShape& s) {
  const int64_t k = s.filterH * s.filterW * s.inC, pixels = s.outH * s.outW;
  const int64_t chunk = examplesPerChunk(s);
  float* cols = scratch(static_cast<size_t>(chunk * pixels * k));
  for (int64_t b0 = 0; b0 < s.batch; b0 += chunk) {
    const int64_t b1 = std::min(s.batch, b0 + chunk), rows = (b1 - b0) * pixels;
    im2col(x, cols, b0, b1, s);
    sgemm(false, false, rows, s.outC, k, cols, k, w, s.outC, 0.0f, y + b0 * pixels * s.outC, s.outC);
  }
}

void conv2dBackpropInput(const float* dy, const float* w, float* dx, const ConvShape& s) {
  const int64_t k = s.filterH * s.filterW * s.inC, pixels = s.outH * s.outW;
  const int64_t chunk = examplesPerChunk(s);
  float* cols = scratch(static_cast<size_t>(chunk * pixels * k));
  std::memset(dx, 0, sizeof(float) * s.batch * s.inH * s.inW * s.inC);
  for (int64_t b0 = 0; b0 < s.batch; b0 += chunk) {
    const int64_t b1 = std::min(s.batch, b0 + chunk), rows = (b1 - b0) * pixels;
    sgemm(false, true, rows, k, s.outC, dy + b0 * pixels * s.outC, s.outC, w, s.outC, 0.0f, cols, k);
    col2im(cols, dx, b0, b1, s);
  }
}

void conv2dBackpropFilter(const float* x, const float* dy, float* dw, const ConvShape& s) {
  const int64_t k = s.filterH * s.filterW * s.inC, pixels = s.outH * s.outW;
  const int64_t chunk = examplesPerChunk(s);
  float* cols = scratch(static_cast<size_t>(chunk * pixels * k));
  if (s.batch == 0) std::memset(dw, 0, sizeof(float) * k * s.outC);
  for (int64_t b0 = 0; b0 < s.batch; b0 += chunk) {
    const int64_t b1 = std::min(s.batch, b0 + chunk), rows = (b1 - b0) * pixels;
    im2col(x, cols, b0, b1, s);
    sgemm(true, false, k, s.outC, rows, cols, k, dy + b0 * pixels * s.outC, s.outC,
          b0 == 0 ? 0.0f : 1.0f, dw, s.outC);
  }
}

namespace {

void adamRange(const float* var, const float* m, const float* v, const float* g, float* varOut, float* mOut,
               float* vOut, int64_t begin, int64_t end, float lr, double beta1, double beta2, float eps,
               float accBeta1, float accBeta2) {
  // The same float32 operations, in the same order, as tfjs-core's AdamOptimizer.applyGradients.
  const float b1 = static_cast<float>(beta1), oneMinusB1 = static_cast<float>(1.0 - beta1);
  const float b2 = static_cast<float>(beta2), oneMinusB2 = static_cast<float>(1.0 - beta2);
  const float oneMinusAcc1 = 1.0f - accBeta1, oneMinusAcc2 = 1.0f - accBeta2, negLr = -lr;
  for (int64_t i = begin; i < end; ++i) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * oneMinusB1;
    const float vi = v[i] * b2 + (gi * gi) * oneMinusB2;
    const float update = (mi / oneMinusAcc1) / (std::sqrt(vi / oneMinusAcc2) + eps);
    varOut[i] = update * negLr + var[i];
    mOut[i] = mi;
    vOut[i] = vi;
  }
}

}  // namespace

void adam(const float* var, const float* m, const float* v, const float* g, float* varOut,
          float* mOut, float* vOut, int64_t n, float lr, double beta1, double beta2, float eps,
          float accBeta1, float accBeta2) {
  // Large updates are split over the cores (each element is independent, so the result does not
  // depend on the split); small ones are not worth a thread's start-up.
  constexpr int64_t kMinPerThread = int64_t(1) << 18;
  const int64_t threads = std::min<int64_t>(std::max(1u, std::thread::hardware_concurrency()), n / kMinPerThread);
  if (threads <= 1) {
    adamRange(var, m, v, g, varOut, mOut, vOut, 0, n, lr, beta1, beta2, eps, accBeta1, accBeta2);
    return;
  }
  std::vector<std::thread> workers;
  const int64_t chunk = (n + threads - 1) / threads;
  for (int64_t t = 1; t < threads; ++t) {
    const int64_t begin = t * chunk, end = std::min(n, begin + chunk);
    workers.emplace_back(adamRange, var, m, v, g, varOut, mOut, vOut, begin, end, lr, beta1, beta2, eps,
                         accBeta1, accBeta2);
  }
  adamRange(var, m, v, g, varOut, mOut, vOut, 0, std::min(n, chunk), lr, beta1, beta2, eps, accBeta1, accBeta2);
  for (auto& w : workers) w.join();
}

}  // namespace polarlab
