namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// <c>NCCL WARN Cuda failure N 'text'</c>, one finding per distinct error, correlated with what else the
/// logs show: hidden peer GPUs (101 'invalid device ordinal') or a build that does not support the GPU.
/// Ranks that only show the error travelling up NCCL's stack (<c>group.cc:242 -> 1</c>) count as failed too.
/// </summary>
internal static class CudaFailureRule
{
    private const int InvalidDeviceOrdinal = 101;

    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        foreach (var group in job.Facts.CudaFailures.GroupBy(f => (f.Code, f.Text)))
        {
            var failures = group.ToList();
            var traced = job.Facts.Processes.Where(p => p.ErrorTraceEvidence is not null).ToList();
            var ranks = FindingBuilder.RanksOf(failures.Select(f => f.Process).Concat(traced));
            var evidence = failures.Select(f => f.Evidence)
                .Concat(traced.Where(p => failures.All(f => f.Process != p)).Select(p => p.ErrorTraceEvidence));

            var (code, text) = group.Key;
            var label = code is { } c ? $"{c} '{text}'" : $"'{text}'";
            var who = ranks.Count > 0 ? FindingBuilder.List(ranks) : "a rank";
            var message = $"CUDA failure {label} on {who}.";
            var fix = "Find the failing CUDA call (NCCL_DEBUG_SUBSYS=ALL, CUDA_LAUNCH_BLOCKING=1) and check that the driver supports the image's CUDA.";

            if (code == InvalidDeviceOrdinal || text.Contains("invalid device ordinal", StringComparison.OrdinalIgnoreCase))
            {
                var isolated = IsolationRules.IsIsolated(job);
                message += isolated
                    ? " The ranks share a node but each sees only its own GPU: NCCL tried to open the peer GPU, whose device node is hidden from this container."
                    : " NCCL addressed a GPU this process cannot see: typically a peer GPU whose device node is hidden from the container while IPC is shared.";
                fix = "Make every GPU of the pair visible (all device nodes) and pick each rank's GPU with CUDA_VISIBLE_DEVICES, or bind exact GPUs with DRA.";
                if (isolated)
                {
                    evidence = evidence.Concat(job.Ranks.Select(r => r.InitEvidence));
                }
            }
            else if (job.Facts.ComputeCapability.Count > 0)
            {
                message += " The build does not support this GPU: " + MessageOf(job.Facts.ComputeCapability[0].Text);
                fix = "Use an image whose NCCL and PyTorch are built for this GPU's compute capability (e.g. sm_120 kernels for RTX 5090), or schedule on GPUs the image supports.";
                evidence = evidence.Concat(job.Facts.ComputeCapability);
            }

            yield return new Finding(
                FindingCodes.CudaFailure,
                FindingSeverity.Error,
                ranks,
                FindingBuilder.Ordered(evidence),
                fix,
                message)
            {
                CudaFailure = new CudaFailure(code, text),
            };
        }
    }

    private static string MessageOf(string line)
    {
        var info = line.IndexOf("NCCL INFO ", StringComparison.Ordinal);
        return (info < 0 ? line : line[(info + "NCCL INFO ".Length)..]).Trim();
    }
}
