using ControlPlane.Contracts.Errors;

namespace ControlPlane.Grains;

/// <summary>
/// Failures of another grain or of storage that a grain meets as weather: a silo gone or hung, a call past its response
/// timeout, a write that was not stored. A step after a committed change that fails so is left for a retry, not thrown.
/// </summary>
internal static class Outages
{
    public static bool Is(Exception e) => e is OrleansException or TimeoutException or StateNotStoredException;
}
