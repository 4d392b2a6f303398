namespace ControlPlane.Agent.Collection;

/// <summary>Where GPU facts come from on this run: NVML, nvidia-smi, or a replayed capture.</summary>
internal interface IGpuSource : IDisposable
{
    GpuInventory Collect();
}
