// The CBLAS interface and the BLAS thread controls: OpenBLAS (cblas.h, openblas_*), or on macOS the Accelerate
// framework (POLARLAB_ACCELERATE, set by binding.gyp), which has CBLAS and the reference LAPACK symbols but no
// thread controls: there it reports the hardware threads and leaves the count to Accelerate.
#pragma once

#ifdef POLARLAB_ACCELERATE
#include <vecLib/cblas.h>

#include <thread>

namespace polarlab {
inline int blasThreads() { return static_cast<int>(std::thread::hardware_concurrency()); }
inline const char* blasConfig() { return "Apple Accelerate"; }
inline const char* blasCore() { return "Accelerate"; }
inline void setBlasThreads(int) {}
}  // namespace polarlab
#else
#include <cblas.h>

namespace polarlab {
inline int blasThreads() { return openblas_get_num_threads(); }
inline const char* blasConfig() { return openblas_get_config(); }
inline const char* blasCore() { return openblas_get_corename(); }
inline void setBlasThreads(int threads) { openblas_set_num_threads(threads); }
}  // namespace polarlab
#endif
