namespace ControlPlane.Kubernetes;

/// <summary>Which half of a prefill/decode pair a pod runs; the lower-case name is the label value and the engine's mode.</summary>
public enum ReplicaRole
{
    Prefill,
    Decode,
}

public static class ReplicaRoleNames
{
    public static string Name(this ReplicaRole role) => role == ReplicaRole.Prefill ? "prefill" : "decode";
}
