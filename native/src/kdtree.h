// The query half of toolkit/metrics/kdTree.ts in C++: the same depth-first search of a k-d tree built in
// JavaScript (median splits, points stored in leaf order), finding the same neighbours with the same float64 squared
// distances, with the rows split between threads. Plain pointers and sizes: argument checks live in addon.cc.
#pragma once
#include <cstdint>

namespace polarlab {

struct KdTree {
  const double* points;  // n × d, row idx[p] at p · d
  const int32_t* idx;    // n
  const int32_t* lo;     // per node: its points are [lo, hi) in leaf order
  const int32_t* hi;
  const int32_t* dim;    // split coordinate, or -1 for a leaf
  const double* split;   // split value: a query coordinate below it searches left first
  const int32_t* left;
  const int32_t* right;
  int64_t d;
};

// For the rows at tree positions [start, end), offers every other point closer than the root of the row's max-heap
// (heapD/heapI at idx[p] · k, k entries; heapD[o] the current k-th smallest squared distance) to that heap, on up
// to `threads` threads (each takes a contiguous range of at least 256 rows).
void kdTreeSearch(const KdTree& tree, int64_t k, double* heapD, int32_t* heapI, int64_t start, int64_t end,
                  int threads);

}  // namespace polarlab
