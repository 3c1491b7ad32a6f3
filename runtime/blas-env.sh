# OpenBLAS environment for lmwb (the library in bundle lmwb.blas). Sourced, not run: runtime/lmwb does
# `. "$here/blas-env.sh"`, bench scripts `. runtime/blas-env.sh`. OpenBLAS reads these variables when the
# library loads. A variable already set is left as it is. Plain POSIX sh, safe under `set -euo pipefail`.
#
# OPENBLAS_CORETYPE is not set here: OpenBLAS picks its kernels from the CPU by itself (AVX-512
# "Cooperlake" kernels on the AMD EPYC development machine). If your environment pins it (some CI images
# set OPENBLAS_CORETYPE=Haswell for reproducible numpy results), lmwb honours that, at about half the
# matrix-product speed on an AVX-512 CPU (sgemm 512x1536x384, 2 threads: 222 GFLOP/s Haswell against
# 380-405 GFLOP/s Cooperlake/SkylakeX); unset it for lmwb with `env -u OPENBLAS_CORETYPE runtime/lmwb ...`.

# After every BLAS call OpenBLAS's worker threads busy-wait for new work (about 0.1 s by default) before they
# sleep. On 2 cores that halves the speed of whatever runs next in the same JVM, PyTorch ops or ONNX Runtime
# (measured: ONNX Runtime 398 -> 921 sentences/s). 4 is the shortest wait (2^4 cycles).
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
