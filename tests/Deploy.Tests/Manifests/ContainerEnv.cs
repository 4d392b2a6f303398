using k8s.Models;

namespace ControlPlane.Deploy.Tests.Manifests;

public static class ContainerEnv
{
    /// <summary>The env entry named <paramref name="name"/>; fails the test when the container does not set it.</summary>
    public static V1EnvVar Env(this V1Container container, string name) =>
        (container.Env ?? []).SingleOrDefault(e => e.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"container {container.Name} does not set {name}");

    public static string? Value(this V1Container container, string name) => container.Env(name).Value;
}
