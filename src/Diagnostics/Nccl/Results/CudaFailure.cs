namespace ControlPlane.Diagnostics;

/// <summary><c>NCCL WARN Cuda failure 101 'invalid device ordinal'</c>: the CUDA error code (when printed) and text.</summary>
public sealed record CudaFailure(int? Code, string Text);
