# OpenBLAS environment for lmwb (the library in bundle lmwb.blas). Sourced, not run: runtime/lmwb does
# `. "$here/blas-env.sh"`, bench scripts `. runtime/blas-env.sh`. OpenBLAS reads these variables when the
# library loads. Plain POSIX sh, safe under `set -euo pipefail`.
#
# Kernels: OpenBLAS picks them from the CPU (AVX-512 "Cooperlake" kernels on the AMD EPYC development
# machine). An OPENBLAS_CORETYPE inherited from the environment is dropped for lmwb: images that pin it for
# reproducible numpy results (OPENBLAS_CORETYPE=Haswell on the development machines) would halve lmwb's
# matrix products on AVX-512 CPUs (sgemm 512x1536x384 on one thread: 15.8 ms Haswell against 8.2 ms
# detected). To choose kernels for lmwb, set LMWB_OPENBLAS_CORETYPE (e.g. Haswell, SkylakeX).
if [ -n "${LMWB_OPENBLAS_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE="$LMWB_OPENBLAS_CORETYPE"
else
  unset OPENBLAS_CORETYPE
fi

# After every BLAS call OpenBLAS's worker threads busy-wait for new work (about 0.1 s by default) before they
# sleep. On 2 cores that halves the speed of whatever runs next in the same JVM, PyTorch ops or ONNX Runtime
# (measured: ONNX Runtime 398 -> 921 sentences/s). 4 is the shortest wait (2^4 cycles).
export OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-4}"
