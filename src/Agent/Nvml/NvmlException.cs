namespace ControlPlane.Agent.Nvml;

/// <summary>An NVML call the agent cannot do without (a GPU's identity) failed.</summary>
internal sealed class NvmlException(string function, int returnCode, string description)
    : Exception($"{function} failed: {description}")
{
    public string Function { get; } = function;

    public int ReturnCode { get; } = returnCode;
}
