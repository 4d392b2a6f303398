using ControlPlane.Wire.Deployments;

namespace ControlPlane.Contracts.Deployments;

/// <summary>
/// One deployment's desired state (keyed by name) and its reconciliation to placed, reserved pairs.
/// The spec is validated before it reaches the grain.
/// </summary>
[Alias("cp.IModelDeploymentGrain")]
public interface IModelDeploymentGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates; the same spec again changes nothing. Unplaceable specs reserve nothing.</summary>
    [Alias("Put")]
    Task<DeploymentView> PutAsync(DeploymentSpec spec);

    [Alias("Get")]
    Task<DeploymentView?> GetAsync();

    /// <summary>Releases every GPU of every pair; false when there was no such deployment.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
