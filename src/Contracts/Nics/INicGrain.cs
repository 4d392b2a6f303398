using ControlPlane.Wire.Nics;

namespace ControlPlane.Contracts.Nics;

/// <summary>One NIC port, keyed <c>node/device:port</c>: its health state machine and history.</summary>
[Alias("cp.INicGrain")]
public interface INicGrain : IGrainWithStringKey
{
    [Alias("Observe")]
    Task ObserveAsync(NicObservation observation);

    [Alias("Get")]
    Task<NicRecord?> GetAsync();
}
