using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// <c>resource.nvidia.com/v1beta1 ComputeDomain</c> of NVIDIA's DRA driver, as its CRD declares it
/// (NVIDIA/k8s-dra-driver-gpu, deployments/helm/dra-driver-nvidia-gpu/crds/resource.nvidia.com_computedomains.yaml and
/// api/nvidia.com/resource/v1beta1/computedomain.go at 22407113785e78c7763b4637689a201eb39c6199): <c>spec.numNodes</c>
/// and <c>spec.channel.resourceClaimTemplate.name</c>, the ResourceClaimTemplate the driver's controller creates and pods
/// claim an IMEX channel through. The spec is immutable (<c>self == oldSelf</c>). KubernetesClient has no model for it.
/// </summary>
public sealed class ComputeDomain : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "resource.nvidia.com";
    public const string Version = "v1beta1";
    public const string Plural = "computedomains";
    public const string KubeApiVersion = Group + "/" + Version;
    public const string KubeKind = "ComputeDomain";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ComputeDomainSpec Spec { get; set; } = new();
}

public sealed class ComputeDomainSpec
{
    /// <summary>
    /// The compute nodes expected to join. The CRD deprecates it and recommends 0 with its default IMEX-daemons-with-DNS-names
    /// mode, where a non-zero value only sets the domain's status Ready once that many IMEX daemons are; without that mode it
    /// holds the pods until that many have joined. A pair spans exactly two trays, so 2 is right in both.
    /// </summary>
    [JsonPropertyName("numNodes")]
    public int NumNodes { get; set; }

    [JsonPropertyName("channel")]
    public ComputeDomainChannel Channel { get; set; } = new();
}

public sealed class ComputeDomainChannel
{
    [JsonPropertyName("resourceClaimTemplate")]
    public ComputeDomainClaimTemplate ResourceClaimTemplate { get; set; } = new();
}

public sealed class ComputeDomainClaimTemplate
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}
