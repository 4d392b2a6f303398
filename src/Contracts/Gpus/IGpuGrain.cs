using ControlPlane.Wire.Gpus;

namespace ControlPlane.Contracts.Gpus;

/// <summary>One GPU by UUID: its health state machine and history, wherever it is installed.</summary>
[Alias("cp.IGpuGrain")]
public interface IGpuGrain : IGrainWithStringKey
{
    [Alias("Observe")]
    Task ObserveAsync(GpuObservation observation);

    /// <summary>Null when no node has ever reported this GPU.</summary>
    [Alias("Get")]
    Task<GpuRecord?> GetAsync();
}
