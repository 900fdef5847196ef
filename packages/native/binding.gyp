{
  "targets": [
    {
      "target_name": "torchlet_native",
      "sources": [
        "csrc/addon.cc",
        "csrc/conv.cc",
        "csrc/copy.cc",
        "csrc/elementwise.cc",
        "csrc/fused.cc",
        "csrc/gemm.cc",
        "csrc/gemm_kernels.cc",
        "csrc/gelu_backward.cc",
        "csrc/layer_norm.cc",
        "csrc/pool.cc",
        "csrc/pool2d.cc",
        "csrc/random.cc",
        "csrc/select.cc",
        "csrc/small_tn.cc",
        "csrc/softmax.cc",
        "csrc/sum.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-O3", "-std=gnu++17", "-ffp-contract=fast", "-pthread", "-Wall", "-Wextra"],
      "cflags_cc!": ["-O2", "-fno-omit-frame-pointer"],
      "ldflags": ["-pthread"]
    }
  ]
}
