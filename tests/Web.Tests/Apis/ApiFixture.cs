using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>One running control plane for a test class, with a viewer and an operator key besides the admin key.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string ViewerKey = "test-viewer-key-0123456789";
    public const string OperatorKey = "test-operator-key-0123456789";

    public RunningControlPlane Plane { get; private set; } = null!;

    public async Task InitializeAsync() => Plane = await RunningControlPlane.StartAsync(
        "--ControlPlane:Auth:ApiKeys:0:Name=ci-viewer",
        "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
        $"--ControlPlane:Auth:ApiKeys:0:Key={ViewerKey}",
        "--ControlPlane:Auth:ApiKeys:1:Name=ci-operator",
        "--ControlPlane:Auth:ApiKeys:1:Role=operator",
        $"--ControlPlane:Auth:ApiKeys:1:Sha256={ControlPlane.Web.Auth.ApiKeyRegistry.Hash(OperatorKey)}",
        "--ControlPlane:Ingestion:MaxProbeBytes=65536");

    public async Task DisposeAsync() => await Plane.DisposeAsync();
}
