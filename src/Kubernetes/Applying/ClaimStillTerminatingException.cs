namespace ControlPlane.Kubernetes;

/// <summary>
/// A ResourceClaim the control plane applied is still being deleted (a previous pair's claim of the same name, held by
/// its finalizer until the DRA driver lets go of the devices). The API server accepts an apply onto it, but the claim
/// goes as soon as its finalizer does, so the pods are not applied against it: the apply fails, says which claim, and
/// is retried until the old claim is gone and a new one can be created.
/// (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/)
/// </summary>
public sealed class ClaimStillTerminatingException(string ns, string name, IReadOnlyList<string> finalizers)
    : Exception($"ResourceClaim {ns}/{name} is still being deleted (finalizers: {(finalizers.Count > 0 ? string.Join(", ", finalizers) : "none")}); "
        + "its pods are applied once it is gone and a new claim of that name can be created")
{
    public string Name { get; } = name;
}
