# Builds build/Release/polarlab_native.node: tfjs kernels (GEMM, convolutions, Adam) on OpenBLAS.
# Run through scripts/build-native.js, which also reports why a build is impossible.
{
  "targets": [
    {
      "target_name": "polarlab_native",
      "sources": ["src/addon.cc", "src/kernels.cc"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread", "/usr/include/openblas"],
      "libraries": ["-lopenblas"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
