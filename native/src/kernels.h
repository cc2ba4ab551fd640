// Float32 kernels behind the tfjs native backend: batched GEMM, the fused-matmul epilogue,
// NHWC convolutions (im2col / col2im + SGEMM) and the Adam update. All on OpenBLAS (cblas_sgemm).
// Plain pointers and sizes only: argument checking lives in addon.cc.
#pragma once
#include <cstdint>

namespace polarlab {

// out[b] = op(A[b]) * op(B[b]); A is MxK (KxM when transA), B is KxN (NxK when transB).
// batchA / batchB are 1 (broadcast) or equal to batch.
void batchMatMul(const float* a, const float* b, float* out, int64_t batch, int64_t batchA,
                 int64_t batchB, int64_t m, int64_t n, int64_t k, bool transA, bool transB);

// Activation codes shared with toolkit/compute/native/kernels.ts.
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kPrelu = 3, kLeakyRelu = 4, kSigmoid = 5, kElu = 6 };

// In place on a rows x n matrix: x = act(x + bias), bias/prelu of length biasLen/preluLen (1 or n).
void biasActivation(float* x, int64_t rows, int64_t n, const float* bias, int64_t biasLen,
                    int activation, const float* prelu, int64_t preluLen, float alpha);

struct ConvShape {
  int64_t batch, inH, inW, inC, filterH, filterW, outC, outH, outW;
  int64_t strideH, strideW, dilationH, dilationW, padTop, padLeft;
};

// y[b,oh,ow,co] = sum x[b, oh*s - pad + fh*d, ..., ci] w[fh,fw,ci,co] (zero outside x).
void conv2d(const float* x, const float* w, float* y, const ConvShape& s);
// dx = gradient of conv2d with respect to x, given dy (the transposed convolution).
void conv2dBackpropInput(const float* dy, const float* w, float* dx, const ConvShape& s);
// dw = gradient of conv2d with respect to w, given x and dy.
void conv2dBackpropFilter(const float* x, const float* dy, float* dw, const ConvShape& s);

// One Adam step (Kingma & Ba 2015, Algorithm 1) in the operation order of tfjs AdamOptimizer,
// with accBeta1/2 = beta^t. Outputs may alias inputs (in-place update).
void adam(const float* var, const float* m, const float* v, const float* g, float* varOut,
          float* mOut, float* vOut, int64_t n, float lr, double beta1, double beta2, float eps,
          float accBeta1, float accBeta2);

}  // namespace polarlab
