# Builds build/Release/polarlab_native.node: tfjs kernels (GEMM, convolutions, Adam) and the float64
# linear algebra of toolkit/metrics (dgemm, dsyrk, centred covariances, the k-d tree search; LAPACK dsyevd/dgesdd/dpotrf from the LAPACK that
# Debian's libopenblas bundles, so -lopenblas is enough) on OpenBLAS; on macOS on the Accelerate framework
# (CBLAS and LAPACK ship with the system; untested).
# Run through scripts/build-native.js, which also reports why a build is impossible.
{
  "targets": [
    {
      "target_name": "polarlab_native",
      "sources": ["src/addon.cc", "src/kdtree.cc", "src/kernels.cc", "src/linalg.cc"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "conditions": [
        ["OS=='mac'", {
          "defines": ["POLARLAB_ACCELERATE"],
          "libraries": ["-framework Accelerate"],
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-math-errno"]
          }
        }, {
          "include_dirs": [
            "/usr/include/x86_64-linux-gnu/openblas-pthread",
            "/usr/include/openblas"
          ],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
