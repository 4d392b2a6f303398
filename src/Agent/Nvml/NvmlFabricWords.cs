namespace ControlPlane.Agent.Nvml;

/// <summary>NVML's fabric state and return codes in the words <c>nvidia-smi -q</c> prints, so both sources report alike.</summary>
internal static class NvmlFabricWords
{
    /// <summary>NVML_GPU_FABRIC_STATE_NOT_SUPPORTED (0), NOT_STARTED (1), IN_PROGRESS (2), COMPLETED (3).</summary>
    public static string State(byte state) => state switch
    {
        0 => "Not Supported",
        1 => "Not Started",
        2 => "In Progress",
        3 => "Completed",
        _ => $"Unknown ({state})",
    };

    public static string Status(int nvmlReturn) => nvmlReturn switch
    {
        NvmlReturn.Success => "Success",
        NvmlReturn.NotSupported => "Not Supported",
        _ => $"NVML error {nvmlReturn}",
    };
}
